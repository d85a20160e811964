import fc from 'fast-check';
import { addWorkingDays, WORKING_TIME_ZONE } from './index';

const weekday = (at: Date) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: WORKING_TIME_ZONE }).format(at);
const moment = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });
const days = fc.integer({ min: 0, max: 60 });

/** The wall clock in Amsterdam as if it were UTC: days are counted on that clock (summer time kept). */
const wallClock = (at: Date): number => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: WORKING_TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) + at.getUTCMilliseconds();
};

describe('working-day arithmetic (properties)', () => {
  it('adding zero changes nothing; adding a positive number lands on a weekday, later', () => {
    fc.assert(
      fc.property(moment, days, (from, n) => {
        const to = addWorkingDays(from, n);
        if (n === 0) return to.getTime() === from.getTime();
        return to > from && !['Sat', 'Sun'].includes(weekday(to));
      }),
    );
  });

  it('is additive: a + b working days are a, then b', () => {
    fc.assert(
      fc.property(
        moment,
        days,
        days,
        (from, a, b) => addWorkingDays(addWorkingDays(from, a), b).getTime() === addWorkingDays(from, a + b).getTime(),
      ),
    );
  });

  it('five working days are one calendar week on the Amsterdam clock from a weekday (the same time of day)', () => {
    fc.assert(
      fc.property(moment, (from) => {
        fc.pre(!['Sat', 'Sun'].includes(weekday(from)));
        // The hour that summer time's end repeats has two readings; a week later it has one.
        fc.pre(![2].includes(new Date(wallClock(from)).getUTCHours()));
        return wallClock(addWorkingDays(from, 5)) - wallClock(from) === 7 * 24 * 3600 * 1000;
      }),
    );
  });

  it('is monotonic in the number of days', () => {
    fc.assert(fc.property(moment, days, days, (from, a, b) => (a <= b ? addWorkingDays(from, a) <= addWorkingDays(from, b) : true)));
  });
});
