import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsIsoDate, IsIsoDateTime, isIsoDate, isIsoDateTime } from './iso-date-time';

class Sample {
  @IsIsoDateTime() scheduledAt: string;
}
class Born {
  @IsIsoDate() dateOfBirth: string;
}

describe('isIsoDateTime', () => {
  it.each([
    ['minutes, UTC', '2026-11-23T10:00Z', '2026-11-23T10:00:00.000Z'],
    ['seconds, UTC', '2026-11-23T10:00:59Z', '2026-11-23T10:00:59.000Z'],
    ['one fraction digit', '2026-11-23T10:00:00.5Z', '2026-11-23T10:00:00.500Z'],
    ['microseconds', '2026-11-23T10:00:00.123456Z', '2026-11-23T10:00:00.123Z'],
    ['a positive offset', '2026-11-23T10:00+01:00', '2026-11-23T09:00:00.000Z'],
    ['a negative offset with minutes', '2026-11-23T10:00:00-03:30', '2026-11-23T13:30:00.000Z'],
    ['the widest offset', '2026-11-23T10:00:00+14:00', '2026-11-22T20:00:00.000Z'],
    ['29 February of a leap year', '2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['the first moment allowed', '1900-01-01T00:00:00Z', '1900-01-01T00:00:00.000Z'],
    ['the last moment allowed', '2999-12-31T23:59:59.999999Z', '2999-12-31T23:59:59.999Z'],
    ['2000, a leap year', '2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
  ])('takes %s (%s), which new Date() reads as the moment it names', (_what, value, instant) => {
    expect(isIsoDateTime(value)).toBe(true);
    expect(new Date(value).toISOString()).toBe(instant);
  });

  it.each([
    ['a week date', '2027-W05'],
    ['a week date with a day', '2027-W05-3'],
    ['a week date-time', '2027-W05-3T10:00:00Z'],
    ['an ordinal date', '2026-060'],
    ['an ordinal date-time', '2026-060T10:00:00Z'],
    ['a comma fraction', '2027-01-01T10:00:00,5Z'],
    ['no zone', '2026-12-01T10:00'],
    ['no zone, with seconds', '2026-12-01T10:00:00'],
    ['a date only', '2026-12-01'],
    ['a space for T', '2026-12-01 10:00:00Z'],
    ['a lower-case t and z', '2026-12-01t10:00:00z'],
    ['the basic format', '20261201T100000Z'],
    ['hours only', '2026-12-01T10Z'],
    ['seven fraction digits', '2026-12-01T10:00:00.1234567Z'],
    ['a fraction without seconds', '2026-12-01T10:00.5Z'],
    ['an offset without a colon', '2026-12-01T10:00:00+0100'],
    ['an offset of hours only', '2026-12-01T10:00:00+01'],
    ['an offset beyond 14:00', '2026-12-01T10:00:00+14:01'],
    ['offset minutes of 60', '2026-12-01T10:00:00+01:60'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 1899', '1899-12-31T23:59:59Z'],
    ['year 3000', '3000-01-01T00:00:00Z'],
    ['year 9999', '9999-12-31T00:00:00Z'],
    ['an expanded year', '+002026-12-01T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['month 00', '2026-00-01T10:00:00Z'],
    ['day 00', '2026-12-00T10:00:00Z'],
    ['31 April', '2026-04-31T10:00:00Z'],
    ['29 February of a common year', '2027-02-29T10:00:00Z'],
    ['29 February 1900 (not a leap year)', '1900-02-29T10:00:00Z'],
    ['hour 24', '2026-12-01T24:00:00Z'],
    ['minute 60', '2026-12-01T10:60:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['Arabic-Indic digits', '٢٠٢٦-12-01T10:00:00Z'],
    ['trailing text', '2026-12-01T10:00:00Z '],
    ['a newline after', '2026-12-01T10:00:00Z\n'],
    ['a NUL after', '2026-12-01T10:00:00Z\u0000'],
    ['empty', ''],
  ])('refuses %s (%j)', (_what, value) => {
    expect(isIsoDateTime(value)).toBe(false);
  });

  it.each([[null], [undefined], [1764000000000], [new Date()], [['2026-12-01T10:00:00Z']], [{}]])('refuses the non-string %p', (value) => {
    expect(isIsoDateTime(value)).toBe(false);
  });

  it('names the field and an example in its message', () => {
    const errors = validateSync(plainToInstance(Sample, { scheduledAt: '2027-W05' }));
    expect(errors.map((e) => e.constraints)).toEqual([
      {
        isIsoDateTime: 'scheduledAt must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T10:00:00Z, in the years 1900 to 2999',
      },
    ]);
    expect(validateSync(plainToInstance(Sample, { scheduledAt: '2026-11-23T10:00:00Z' }))).toEqual([]);
  });
});

describe('isIsoDate', () => {
  it.each(['1900-01-01', '2016-04-02', '2028-02-29', '2999-12-31'])('takes %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '0000-01-01',
    '0001-01-01',
    '1899-12-31',
    '3000-01-01',
    '2027-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-1-01',
    '2026-01-01T00:00:00Z',
    '',
  ])('refuses %s', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('names the field and the years in its message', () => {
    const errors = validateSync(plainToInstance(Born, { dateOfBirth: '0001-01-01' }));
    expect(errors.map((e) => e.constraints)).toEqual([{ isIsoDate: 'dateOfBirth must be a date YYYY-MM-DD in the years 1900 to 2999' }]);
  });
});
