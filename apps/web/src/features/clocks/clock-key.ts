import type { CaseClock } from './clocks.queries';

/** One clock of a case is named by its kind and the child or handover it runs for. */
export const clockKey = (c: Pick<CaseClock, 'clock' | 'personId' | 'handoverId'>): string =>
  `${c.clock}:${c.personId ?? c.handoverId ?? 'case'}`;

/** Breached first (they ask for an explanation), then running, then met; by due date within each. */
export function sortClocks<T extends Pick<CaseClock, 'state' | 'dueAt'>>(clocks: readonly T[]): T[] {
  const rank = { breached: 0, running: 1, met: 2 } as const;
  return [...clocks].sort((a, b) => rank[a.state] - rank[b.state] || a.dueAt.localeCompare(b.dueAt));
}
