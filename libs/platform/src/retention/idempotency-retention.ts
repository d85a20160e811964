import type { Db } from '../database/db';

/**
 * How long an Idempotency-Key is remembered (issue 16): a stored answer holds persons' data, and a
 * client retries within minutes, not days. The worker prunes older keys.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes at most `batchSize` keys created before `before`, oldest first; returns how many. SKIP
 * LOCKED: a key a request holds right now (or another worker is deleting) waits for the next pass.
 */
export async function pruneIdempotencyKeys(db: Db, before: Date, batchSize: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH doomed AS (
       SELECT actor_id, key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), deleted AS (
       DELETE FROM idempotency_keys k USING doomed d WHERE k.actor_id = d.actor_id AND k.key = d.key RETURNING 1
     )
     SELECT count(*)::int AS n FROM deleted`,
    [before, batchSize],
  );
  return rows[0]?.n ?? 0;
}
