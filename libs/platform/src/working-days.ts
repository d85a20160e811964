/** design.md §2 and §8: working days (Monday to Friday) for every context: handover deadlines here, clocks and figures in SQL (add_working_days, working_days_between: migration 1764000900200, held to this table in test/clocks.e2e-spec.ts). */
/** design.md §2: a handover's respondBy defaults to 5 working days after the proposal. */
export const DEFAULT_RESPONSE_WORKING_DAYS = 5;

/** The centre works on Dutch time; a Saturday is a Saturday there, whatever the UTC date says. */
export const WORKING_TIME_ZONE = 'Europe/Amsterdam';

const weekdayFormat = new Map<string, Intl.DateTimeFormat>();
function weekdayIn(at: Date, timeZone: string): string {
  let format = weekdayFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone });
    weekdayFormat.set(timeZone, format);
  }
  return format.format(at);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The moment `days` working days (Monday to Friday) after `from`, at the same time of day: each
 * following calendar day counts when it is a weekday in `timeZone`. A proposal on a Friday is due
 * the next Friday; one on a Saturday or Sunday, the Friday after. Public holidays are not known
 * here and count as working days.
 */
export function addWorkingDays(from: Date, days: number, timeZone: string = WORKING_TIME_ZONE): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error(`days must be a whole number ≥ 0, not ${days}`);
  let at = from.getTime();
  let counted = 0;
  while (counted < days) {
    at += DAY_MS;
    const weekday = weekdayIn(new Date(at), timeZone);
    if (weekday !== 'Sat' && weekday !== 'Sun') counted += 1;
  }
  return new Date(at);
}

/** The default deadline of a proposal made at `proposedAt`. */
export const defaultRespondBy = (proposedAt: Date): Date => addWorkingDays(proposedAt, DEFAULT_RESPONSE_WORKING_DAYS);

/** The receiver's reminder: halfway between proposal and deadline (design.md §2). */
export const responseDueAt = (proposedAt: Date, respondBy: Date): Date =>
  new Date(proposedAt.getTime() + Math.floor((respondBy.getTime() - proposedAt.getTime()) / 2));
