import { addWorkingDays, workingDaysBetween } from './index';

const at = (iso: string) => new Date(iso);

describe('addWorkingDays: Monday to Friday on the Amsterdam clock, at the same time of day', () => {
  it.each([
    ['Monday', '2026-11-23T10:00:00.000Z', 5, '2026-11-30T10:00:00.000Z'],
    ['Wednesday', '2026-11-25T10:00:00.000Z', 5, '2026-12-02T10:00:00.000Z'],
    ['Friday', '2026-11-27T10:00:00.000Z', 5, '2026-12-04T10:00:00.000Z'],
    ['Saturday', '2026-11-28T10:00:00.000Z', 5, '2026-12-04T10:00:00.000Z'],
    ['Sunday', '2026-11-29T10:00:00.000Z', 5, '2026-12-04T10:00:00.000Z'],
    ['Thursday, over the weekend', '2026-11-26T09:30:00.000Z', 2, '2026-11-30T09:30:00.000Z'],
    ['Friday, one day', '2026-11-27T09:00:00.000Z', 1, '2026-11-30T09:00:00.000Z'],
    ['Saturday, zero days', '2026-11-28T10:00:00.000Z', 0, '2026-11-28T10:00:00.000Z'],
    // Summer time ends on Sunday 25 Oct 2026: the same wall-clock time is an hour later in UTC.
    ['Friday before summer time ends', '2026-10-23T08:00:00.000Z', 1, '2026-10-26T09:00:00.000Z'],
  ])('%s + %i working days', (_day, from, days, due) => {
    expect(addWorkingDays(at(from), days).toISOString()).toBe(due);
  });

  it('reads the weekday in Dutch time: Friday 23:30 UTC is already Saturday in Amsterdam', () => {
    // Friday 2026-11-27 23:30Z = Saturday 00:30 in Amsterdam: the next day (Saturday 23:30Z) is a Sunday there.
    expect(addWorkingDays(at('2026-11-27T23:30:00.000Z'), 1).toISOString()).toBe('2026-11-29T23:30:00.000Z');
    expect(addWorkingDays(at('2026-11-27T23:30:00.000Z'), 1, 'UTC').toISOString()).toBe('2026-11-30T23:30:00.000Z');
  });

  it('refuses nonsense', () => {
    expect(() => addWorkingDays(at('2026-11-28T10:00:00.000Z'), -1)).toThrow();
    expect(() => addWorkingDays(at('2026-11-28T10:00:00.000Z'), 1.5)).toThrow();
  });
});

describe('workingDaysBetween: within how many working days the second moment came', () => {
  // From Friday 27 Nov 2026 10:00 in Amsterdam (09:00 UTC).
  const friday = '2026-11-27T09:00:00.000Z';
  it.each([
    ['the same moment', friday, 0],
    ['an earlier moment', '2026-11-01T09:00:00.000Z', 0],
    ['later the same Friday', '2026-11-27T15:00:00.000Z', 1],
    ['Sunday evening', '2026-11-29T20:00:00.000Z', 1],
    ['Monday at the same time', '2026-11-30T09:00:00.000Z', 1],
    ['Monday a minute later', '2026-11-30T09:01:00.000Z', 2],
    ['next Friday a minute earlier', '2026-12-04T08:59:00.000Z', 5],
    ['next Friday at the same time', '2026-12-04T09:00:00.000Z', 5],
    ['next Friday a minute later', '2026-12-04T09:01:00.000Z', 6],
  ])('%s', (_what, to, days) => {
    expect(workingDaysBetween(at(friday), at(to))).toBe(days);
  });

  it('is the inverse of addWorkingDays', () => {
    for (let n = 0; n <= 12; n++) expect(workingDaysBetween(at(friday), addWorkingDays(at(friday), n))).toBe(n);
  });
});
