import type { Db } from '@oneroof/platform';

/**
 * The worker's hygiene over identity's tables (apps/worker/src/pruning.ts): rows nothing can use any
 * more, deleted at most `batchSize` a statement (SKIP LOCKED, so that any number of workers may run
 * it), oldest first. `now` is the caller's clock.
 */

/**
 * Refresh tokens of sessions that are over: ended, past their end of life, or idle for longer than
 * `idleMinutes` (an idle session never comes back: only a live one is touched, see
 * AccessTokenVerifier and SessionsService.refresh). The spent tokens of a live session stay: a
 * spent token presented again is how a stolen one is caught (refresh_reuse ends the session).
 */
export async function pruneRefreshTokens(db: Db, now: Date, idleMinutes: number, batchSize: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH doomed AS (
       SELECT t.token_hash FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id
        WHERE s.ended_at IS NOT NULL OR s.expires_at <= $1 OR s.last_seen_at <= $1 - make_interval(mins => $2::int)
        ORDER BY t.issued_at LIMIT $3 FOR UPDATE OF t SKIP LOCKED
     ), deleted AS (
       DELETE FROM session_refresh_tokens t USING doomed d WHERE t.token_hash = d.token_hash RETURNING 1
     )
     SELECT count(*)::int AS n FROM deleted`,
    [now, idleMinutes, batchSize],
  );
  return rows[0]?.n ?? 0;
}

/**
 * mfaTokens past their expiry (MFA_TOKEN_MINUTES), used or not: an expired one is refused like an
 * unknown one (secondFactorRepository.spendChallenge), so deleting it changes no answer.
 */
export async function pruneMfaChallenges(db: Db, now: Date, batchSize: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH doomed AS (
       SELECT token_hash FROM mfa_challenges WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ), deleted AS (
       DELETE FROM mfa_challenges c USING doomed d WHERE c.token_hash = d.token_hash RETURNING 1
     )
     SELECT count(*)::int AS n FROM deleted`,
    [now, batchSize],
  );
  return rows[0]?.n ?? 0;
}
