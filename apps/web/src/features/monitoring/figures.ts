import type { IndicatorRow } from './monitoring.queries';

export interface Figure {
  indicator: string;
  points: { group: string; value: number | null; n: number | null; suppressed: boolean }[];
}

/** The rows of the API, one figure per indicator in the order of its definitions, groups in order. */
export function figuresOf(rows: readonly IndicatorRow[], indicators: readonly string[]): Figure[] {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  return indicators
    .map((indicator) => {
      const mine = new Map(rows.filter((r) => r.indicator === indicator).map((r) => [r.group, r]));
      return {
        indicator,
        points: groups
          .filter((g) => mine.has(g))
          .map((g) => ({ group: g, value: mine.get(g)!.value, n: mine.get(g)!.n, suppressed: mine.get(g)!.suppressed })),
      };
    })
    .filter((f) => f.points.length > 0);
}

/** A share as a percentage, working days and counts as they are; null (suppressed) stays null. */
export function shown(value: number | null, unit: string): number | null {
  if (value === null) return null;
  return unit === 'share' ? Math.round(value * 1000) / 10 : value;
}

/** The last twelve whole months up to the current one: [first of the month 11 months ago, first of next month). */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: from.toISOString(), to: to.toISOString() };
}
