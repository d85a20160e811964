/**
 * Working days to acceptance, for the chart of the handover audit. The same count as the API's
 * deadlines (libs/platform working-days.ts: Monday to Friday on Dutch time, public holidays not
 * known): the whole working days that have passed, at the same time of day, between two moments.
 * The web app may not import server code, so this small rule is written twice and tested here.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'Europe/Amsterdam' });

export function workingDaysBetween(from: Date, to: Date): number {
  let at = from.getTime();
  let counted = 0;
  // Bounded: a report spans years at most, and a wrong date must not hang the page.
  for (let i = 0; i < 3660 && at + DAY_MS <= to.getTime(); i++) {
    at += DAY_MS;
    const day = weekday.format(new Date(at));
    if (day !== 'Sat' && day !== 'Sun') counted += 1;
  }
  return counted;
}

/** The last bar holds everything from this many working days on. */
export const CHART_LAST_BUCKET = 10;

export interface DaysBucket {
  /** 0 … CHART_LAST_BUCKET; the last one means "this many or more". */
  days: number;
  count: number;
}

/** How many accepted handovers took 0, 1, 2, … working days from proposal to acceptance. */
export function daysToAcceptance(rows: { proposedAt: string; acceptedAt: string | null }[]): DaysBucket[] {
  const buckets: DaysBucket[] = Array.from({ length: CHART_LAST_BUCKET + 1 }, (_, days) => ({ days, count: 0 }));
  for (const row of rows) {
    if (!row.acceptedAt) continue;
    const days = workingDaysBetween(new Date(row.proposedAt), new Date(row.acceptedAt));
    buckets[Math.min(days, CHART_LAST_BUCKET)].count += 1;
  }
  return buckets;
}
