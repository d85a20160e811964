import type { Tx } from '@oneroof/platform';

/**
 * design.md §8: the SQL of the clocks. They are derived by case_clocks() from the case itself
 * (migrations 1764000900200, 1765000700000, 1766000200000), with the latest explanation of each;
 * nothing here stores a clock (timers and the figures' summary follow by trigger).
 */
export interface ClockRow {
  clock: string;
  person_id: string | null;
  handover_id: string | null;
  started_at: Date;
  due_at: Date;
  stopped_at: Date | null;
  reason: string | null;
  explained_by: string | null;
  explained_at: Date | null;
}

/** A case's clocks in the order of `clockOrder` within the same start, each with its latest explanation. */
export async function clocksOf(tx: Tx, caseId: string, clockOrder: readonly string[]): Promise<ClockRow[]> {
  return tx.query<ClockRow>(
    `SELECT k.clock, k.person_id, k.handover_id, k.started_at, k.due_at, k.stopped_at, x.reason, x.explained_by, x.explained_at
       FROM case_clocks($1) k
       LEFT JOIN LATERAL (
         SELECT e.reason, e.explained_by, e.explained_at FROM case_clock_explanations e
          WHERE e.case_id = $1 AND e.clock = k.clock AND e.person_id IS NOT DISTINCT FROM k.person_id
            AND e.handover_id IS NOT DISTINCT FROM k.handover_id
          ORDER BY e.explained_at DESC, e.id DESC LIMIT 1) x ON true
      ORDER BY k.started_at, array_position($2::text[], k.clock), k.person_id, k.handover_id`,
    [caseId, clockOrder],
  );
}

/** The lead's explanation of a breached clock; earlier ones stay on record. Its id. */
export async function insertClockExplanation(
  tx: Tx,
  e: { caseId: string; clock: string; personId: string | null; handoverId: string | null; reason: string; explainedBy: string; at: Date },
): Promise<string> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO case_clock_explanations (case_id, clock, person_id, handover_id, reason, explained_by, explained_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [e.caseId, e.clock, e.personId, e.handoverId, e.reason, e.explainedBy, e.at],
  );
  return row!.id;
}
