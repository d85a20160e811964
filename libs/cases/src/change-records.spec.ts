import type { PersonRow } from './case-rows';
import { changedPersonFields } from './change-records';

const person: PersonRow = {
  id: 'p',
  case_id: 'c',
  first_name: 'Sanne',
  last_name: 'Jansen',
  date_of_birth: '2016-04-02',
  family_role: 'child',
  involvement: 'victim',
  confidential_address: null,
  version: 1,
  interview_count: 0,
};

describe('changedPersonFields', () => {
  it.each<[string, Partial<PersonRow>, string[]]>([
    ['nothing', {}, []],
    ['only the version and counts', { version: 2, interview_count: 3 }, []],
    ['a name', { first_name: 'Saskia' }, ['firstName']],
    ['a date of birth cleared', { date_of_birth: null }, ['dateOfBirth']],
    ['an address set', { confidential_address: 'Geheimstraat 1' }, ['confidentialAddress']],
    [
      'everything, in a fixed order',
      {
        involvement: 'witness',
        last_name: 'Smit',
        family_role: 'sibling',
        first_name: 'S',
        date_of_birth: null,
        confidential_address: 'x',
      },
      ['firstName', 'lastName', 'dateOfBirth', 'familyRole', 'involvement', 'confidentialAddress'],
    ],
  ])('names the fields changed: %s', (_name, after, fields) => {
    expect(changedPersonFields(person, { ...person, ...after })).toEqual(fields);
  });
});
