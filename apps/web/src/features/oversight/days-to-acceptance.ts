import { workingDaysBetween } from '@oneroof/working-days';

/**
 * Working days to acceptance, for the chart of the handover audit. Counted by the server's own rule
 * (libs/working-days: within how many working days, Monday to Friday on Dutch time), so that a bar
 * here and the monitoring figure days_handover_to_acceptance (working_days_between in SQL) agree.
 */

/** The last bar holds everything from this many working days on. */
export const CHART_LAST_BUCKET = 10;

export interface DaysBucket {
  /** 0 … CHART_LAST_BUCKET; the last one means "this many or more". */
  days: number;
  count: number;
}

/** How many accepted handovers were accepted within 0, 1, 2, … working days of their proposal. */
export function daysToAcceptance(rows: { proposedAt: string; acceptedAt: string | null }[]): DaysBucket[] {
  const buckets: DaysBucket[] = Array.from({ length: CHART_LAST_BUCKET + 1 }, (_, days) => ({ days, count: 0 }));
  for (const row of rows) {
    if (!row.acceptedAt) continue;
    const days = workingDaysBetween(new Date(row.proposedAt), new Date(row.acceptedAt));
    buckets[Math.min(days, CHART_LAST_BUCKET)].count += 1;
  }
  return buckets;
}
