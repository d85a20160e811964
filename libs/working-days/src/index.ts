/**
 * design.md §2 and §8: the working-day rule (Monday to Friday on Dutch time; public holidays are not
 * known and count as working days), once for the server and the web app. It imports nothing, not
 * even Node: the API's deadlines (libs/platform), the handover audit's chart in the browser
 * (apps/web) and the SQL twins of the figures (add_working_days, working_days_between: migrations
 * 1764000900200 and 1765000700000, held to this code in test/clocks.e2e-spec.ts) count the same days.
 */

/** The centre works on Dutch time; a Saturday is a Saturday there, whatever the UTC date says. */
export const WORKING_TIME_ZONE = 'Europe/Amsterdam';

const wallFormat = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time at `at` in `timeZone`, as milliseconds of a UTC date with the same digits. */
function wallTime(at: number, timeZone: string): number {
  let format = wallFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormat.set(timeZone, format);
  }
  const part: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(at))) if (p.type !== 'literal') part[p.type] = Number(p.value);
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) + (((at % 1000) + 1000) % 1000);
}

/** The instant whose wall-clock time in `timeZone` is `wall` (the offset read at the instant itself). */
function fromWallTime(wall: number, timeZone: string, near: number): number {
  const guess = wall - (wallTime(near, timeZone) - near);
  return wall - (wallTime(guess, timeZone) - guess);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Working days among days 1..p of a week cycle whose day 0 is a Sunday's end (p = 1 is a Monday). */
const workingDaysUpTo = (p: number): number => 5 * Math.floor(p / 7) + Math.min(p % 7, 5);

/** 1 = Monday … 7 = Sunday, of a wall time. */
const isoDayOfWeek = (wall: number): number => ((new Date(wall).getUTCDay() + 6) % 7) + 1;

/**
 * The moment `days` working days (Monday to Friday) after `from`, at the same time of day on the
 * clock of `timeZone`: each following calendar day there counts when it is a weekday. A proposal
 * on a Friday is due the next Friday; one on a Saturday or Sunday, the Friday after.
 *
 * Arithmetic, not a day-by-day walk: add_working_days in SQL (migration 1765000700000) is the same
 * formula, so that the figures can call it for every clock of a year of cases. The result is always
 * a weekday, never in the hour that summer time skips or repeats (those fall on Sundays).
 */
export function addWorkingDays(from: Date, days: number, timeZone: string = WORKING_TIME_ZONE): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error(`days must be a whole number ≥ 0, not ${days}`);
  if (days === 0) return new Date(from);
  const wall = wallTime(from.getTime(), timeZone);
  const dow = isoDayOfWeek(wall);
  // The days-th working day counted on from that week's Monday, less the days already behind.
  const c = days + Math.min(dow, 5) - 1;
  const calendarDays = 7 * Math.floor(c / 5) + (c % 5) - (dow - 1);
  return new Date(fromWallTime(wall + calendarDays * DAY_MS, timeZone, from.getTime() + calendarDays * DAY_MS));
}

/**
 * The smallest n with addWorkingDays(a, n) >= b: within how many working days b came after a
 * (working_days_between in SQL). Anything later than a on the same day is within 1; b at or before
 * a is 0.
 */
export function workingDaysBetween(a: Date, b: Date, timeZone: string = WORKING_TIME_ZONE): number {
  if (b.getTime() <= a.getTime()) return 0;
  const wallA = wallTime(a.getTime(), timeZone);
  const wholeDays = Math.ceil((wallTime(b.getTime(), timeZone) - wallA) / DAY_MS);
  const dow = isoDayOfWeek(wallA);
  return 1 + workingDaysUpTo(dow + wholeDays - 1) - workingDaysUpTo(dow);
}
