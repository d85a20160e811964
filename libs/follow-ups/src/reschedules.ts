import type { Tx } from '@oneroof/platform';

/**
 * The follow-ups context's record of reschedules (table follow_up_reschedules), written in the
 * PATCH's own transaction when the time moved, so that the timeline can tell from and to.
 */
export async function recordReschedule(
  tx: Tx,
  change: { followUpId: string; caseId: string; actorId: string; from: Date; to: Date; at: Date },
): Promise<void> {
  if (change.from.getTime() === change.to.getTime()) return;
  await tx.query(
    `INSERT INTO follow_up_reschedules (follow_up_id, case_id, from_at, to_at, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.followUpId, change.caseId, change.from, change.to, change.actorId, change.at],
  );
}
