import type { Db } from '@oneroof/platform';

/** A login rate window lasts one minute (LoginService.countAttemptFromIp). */
export const LOGIN_RATE_WINDOW_MS = 60_000;

/**
 * Deletes at most `batchSize` login rate windows that ended before `now` (issue 14/16: they pile up
 * one row per client address and minute, and nothing reads an ended one); returns how many.
 */
export async function pruneLoginRateWindows(db: Db, now: Date, batchSize: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH doomed AS (
       SELECT client_ip, window_start FROM login_rate_windows WHERE window_start <= $1 ORDER BY window_start LIMIT $2 FOR UPDATE SKIP LOCKED
     ), deleted AS (
       DELETE FROM login_rate_windows w USING doomed d WHERE w.client_ip = d.client_ip AND w.window_start = d.window_start RETURNING 1
     )
     SELECT count(*)::int AS n FROM deleted`,
    [new Date(now.getTime() - LOGIN_RATE_WINDOW_MS), batchSize],
  );
  return rows[0]?.n ?? 0;
}
