import { addWorkingDays } from '@oneroof/platform';

/** The centre works on Dutch time: a roster date is a day in Europe/Amsterdam (design.md §7). */
export const REVIEW_TIME_ZONE = 'Europe/Amsterdam';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: REVIEW_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date (YYYY-MM-DD) in Amsterdam at `now`. */
export const amsterdamDate = (now: Date): string => dayFormat.format(now);

/**
 * The calendar date `days` working days (Monday to Friday) after `date` (YYYY-MM-DD). A weekday of a
 * calendar date is the same in every time zone, so plain UTC arithmetic on the date is exact. Public
 * holidays count as working days, as for handover deadlines.
 */
export function addWorkingDaysToDate(date: string, days: number): string {
  // The one working-day rule (libs/working-days), counted on UTC's calendar, where a date's midnight is that date.
  return addWorkingDays(new Date(`${date}T00:00:00Z`), days, 'UTC')
    .toISOString()
    .slice(0, 10);
}
