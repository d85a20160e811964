import { addWorkingDaysToDate, amsterdamDate } from './review-dates';

describe('roster dates (Europe/Amsterdam)', () => {
  it("knows Amsterdam's date, not UTC's", () => {
    expect(amsterdamDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(amsterdamDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(amsterdamDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it.each([
    ['2026-12-01', 2, '2026-12-03'], // Tuesday → Thursday
    ['2026-12-03', 2, '2026-12-07'], // Thursday → Monday
    ['2026-12-04', 2, '2026-12-08'], // Friday → Tuesday
    ['2026-12-05', 2, '2026-12-08'], // Saturday → Tuesday
    ['2026-12-01', 0, '2026-12-01'],
  ])('%s + %i working days = %s', (date, days, expected) => {
    expect(addWorkingDaysToDate(date, days)).toBe(expected);
  });
});
