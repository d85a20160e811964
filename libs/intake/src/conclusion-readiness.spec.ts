import { missingContributions, type Contributions } from './conclusion-readiness';

const none: Contributions = { police: 0, forensic_medicine: 0, social_work: 0 };
const all: Contributions = { police: 1, forensic_medicine: 2, social_work: 1 };

describe('conclusion readiness (design.md §2)', () => {
  it.each([
    ['every discipline contributed', all, [], []],
    ['nothing and no waivers', none, [], ['police', 'forensic_medicine', 'social_work']],
    ['only social work', { ...none, social_work: 1 }, [], ['police', 'forensic_medicine']],
    [
      'forensic medicine waived',
      { ...none, police: 1, social_work: 1 },
      [{ discipline: 'forensic_medicine', reason: 'No physical signs reported' }],
      [],
    ],
    [
      'one of two missing waived',
      { ...none, social_work: 3 },
      [{ discipline: 'police', reason: 'No report to the police' }],
      ['forensic_medicine'],
    ],
    [
      'every discipline waived',
      none,
      (['police', 'forensic_medicine', 'social_work'] as const).map((d) => ({ discipline: d, reason: 'r' })),
      [],
    ],
    [
      'a waiver without a reason counts for nothing',
      { ...none, police: 1, social_work: 1 },
      [{ discipline: 'forensic_medicine', reason: '  ' }],
      ['forensic_medicine'],
    ],
    ['a waiver for a discipline that contributed changes nothing', all, [{ discipline: 'police', reason: 'r' }], []],
  ] as const)('%s', (_name, contributions, waivers, missing) => {
    expect(missingContributions(contributions, [...waivers])).toEqual(missing);
  });
});
