import type { Db, Tx } from '@oneroof/platform';
import type { Discipline, Role } from './domain';
import { USER_COLUMNS, type OrganisationRow, type UserRow } from './user-rows';

/**
 * Identity's tables and their SQL (issue 16): users, organisations, sessions and refresh tokens,
 * login lockouts and rate windows. The services keep the use cases (rules, audit, tokens); the
 * second factor's tables have their own file, second-factor-repository.ts. Nothing outside identity
 * writes these tables (test/table-ownership.e2e-spec.ts).
 */

// ---- organisations ----

export const ORGANISATION_COLUMNS = 'id, name, kind, created_at';

/** Undefined when the name (case-insensitive) is taken. */
export async function insertOrganisation(db: Db, input: { name: string; kind: string }): Promise<OrganisationRow | undefined> {
  const rows = await db.query<OrganisationRow>(
    `INSERT INTO organisations (name, kind) VALUES ($1, $2)
     ON CONFLICT (lower(name)) DO NOTHING
     RETURNING ${ORGANISATION_COLUMNS}`,
    [input.name, input.kind],
  );
  return rows[0];
}

export async function listOrganisations(
  db: Db,
  after: { name: string; id: string } | null | undefined,
  take: number,
): Promise<OrganisationRow[]> {
  return db.query<OrganisationRow>(
    `SELECT ${ORGANISATION_COLUMNS} FROM organisations
     WHERE ($1::text IS NULL OR (lower(name), id) > (lower($1::text), $2::uuid))
     ORDER BY lower(name), id LIMIT $3`,
    [after?.name ?? null, after?.id ?? null, take],
  );
}

export async function organisationExists(db: Db | Tx, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM organisations WHERE id = $1`, [id])).length > 0;
}

// ---- users ----

/** Undefined when the email (case-insensitive) is taken. */
export async function insertUser(
  tx: Tx,
  input: { email: string; name: string; discipline: Discipline; roles: Role[]; organisationId: string; passwordHash: string },
): Promise<UserRow | undefined> {
  return tx.one<UserRow>(
    `INSERT INTO users AS u (email, name, discipline, roles, organisation_id, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (lower(email)) DO NOTHING
     RETURNING ${USER_COLUMNS}`,
    [input.email, input.name, input.discipline, input.roles, input.organisationId, input.passwordHash],
  );
}

export async function lockUser(tx: Tx, id: string): Promise<UserRow | undefined> {
  return tx.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 FOR UPDATE`, [id]);
}

export async function findUser(db: Db | Tx, id: string): Promise<UserRow | undefined> {
  return (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]))[0];
}

export async function userExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.one(`SELECT 1 FROM users WHERE id = $1`, [id])) !== undefined;
}

/** Login alone reads the password hash. */
export async function userWithPasswordByEmail(tx: Tx, emailKey: string): Promise<(UserRow & { password_hash: string }) | undefined> {
  return tx.one<UserRow & { password_hash: string }>(`SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE lower(u.email) = $1`, [
    emailKey,
  ]);
}

export async function updateUser(tx: Tx, id: string, changes: { name: string; roles: Role[]; active: boolean }): Promise<UserRow> {
  const row = await tx.one<UserRow>(
    `UPDATE users AS u SET name = $2, roles = $3, active = $4, updated_at = now()
     WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, changes.name, changes.roles, changes.active],
  );
  return row!;
}

/**
 * Serialises the changes that could leave no active admin (two admins demoting each other at once),
 * then counts the active admins other than `id`.
 */
export async function otherActiveAdmins(tx: Tx, id: string): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('oneroof.last_admin'))`);
  const row = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles) AND id <> $1`, [id]);
  return row?.n ?? 0;
}

export async function listUsers(
  db: Db,
  filter: { discipline: Discipline | null; organisationId: string | null; active: boolean },
  after: { name: string; id: string } | null | undefined,
  take: number,
): Promise<UserRow[]> {
  return db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u
     WHERE ($1::text IS NULL OR u.discipline = $1)
       AND ($2::uuid IS NULL OR u.organisation_id = $2)
       AND ($3::text IS NULL OR (lower(u.name), u.id) > (lower($3::text), $4::uuid))
       AND u.active = $6
     ORDER BY lower(u.name), u.id LIMIT $5`,
    [filter.discipline, filter.organisationId, after?.name ?? null, after?.id ?? null, take, filter.active],
  );
}

/**
 * design.md §6: the bootstrap admin, under an advisory lock (two API processes starting together),
 * in the first centre (made if there is none). An existing account with the email is left as it is.
 */
export async function insertBootstrapAdmin(
  tx: Tx,
  email: string,
  passwordHash: string,
): Promise<'created' | 'admin_exists' | 'email_taken'> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('oneroof.bootstrap_admin'))`);
  const admin = await tx.one(`SELECT 1 FROM users WHERE 'admin' = ANY(roles) AND active`);
  if (admin) return 'admin_exists';
  let organisation = await tx.one<{ id: string }>(`SELECT id FROM organisations WHERE kind = 'centre' ORDER BY created_at LIMIT 1`);
  organisation ??= await tx.one<{ id: string }>(
    `INSERT INTO organisations (name, kind) VALUES ('OneRoof centre', 'centre')
     ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
  );
  const inserted = await tx.query(
    `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
     VALUES ($1, 'Administrator', 'social_work', '{admin}', $2, $3)
     ON CONFLICT (lower(email)) DO NOTHING
     RETURNING id`,
    [email, organisation!.id, passwordHash],
  );
  return inserted.length > 0 ? 'created' : 'email_taken';
}

// ---- login lockouts and rate windows ----

/** The lockout row of an email, made if missing and locked, so that parallel attempts cannot slip past the count. */
export async function lockLoginLockout(
  tx: Tx,
  emailKey: string,
): Promise<{ consecutive_failures: number; locked_until: Date | null } | undefined> {
  await tx.query(`INSERT INTO login_lockouts (email_key) VALUES ($1) ON CONFLICT DO NOTHING`, [emailKey]);
  return tx.one<{ consecutive_failures: number; locked_until: Date | null }>(
    `SELECT consecutive_failures, locked_until FROM login_lockouts WHERE email_key = $1 FOR UPDATE`,
    [emailKey],
  );
}

export async function saveLoginLockout(tx: Tx, emailKey: string, failures: number, lockedUntil: Date | null, now: Date): Promise<void> {
  await tx.query(`UPDATE login_lockouts SET consecutive_failures = $2, locked_until = $3, updated_at = $4 WHERE email_key = $1`, [
    emailKey,
    failures,
    lockedUntil,
    now,
  ]);
}

/** Counts one attempt in the client's window (one row per address and minute); answers the count. */
export async function countLoginAttempt(tx: Tx, clientIp: string, windowStart: Date): Promise<number> {
  const counted = await tx.one<{ attempts: number }>(
    `INSERT INTO login_rate_windows (client_ip, window_start, attempts) VALUES ($1, $2, 1)
     ON CONFLICT (client_ip, window_start) DO UPDATE SET attempts = login_rate_windows.attempts + 1
     RETURNING attempts`,
    [clientIp, windowStart],
  );
  return counted!.attempts;
}

// ---- sessions and refresh tokens ----

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  user_agent: string | null;
  ip: string | null;
}

const SESSION_COLUMNS = 's.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.ended_at, s.user_agent, s.ip';

/** Times are Postgres' own now(), as SessionsService says why. */
export async function insertSession(
  tx: Tx,
  s: { userId: string; maxHours: number; userAgent: string | null; ip: string | null; secondFactor: boolean },
): Promise<{ id: string; expires_at: Date }> {
  const row = await tx.one<{ id: string; expires_at: Date }>(
    `INSERT INTO sessions (user_id, expires_at, user_agent, ip, second_factor_at)
     VALUES ($1, now() + make_interval(hours => $2::int), $3, $4, CASE WHEN $5::boolean THEN now() END) RETURNING id, expires_at`,
    [s.userId, s.maxHours, s.userAgent, s.ip, s.secondFactor],
  );
  return row!;
}

export type RefreshTokenRow = UserRow & { session_id: string; used_at: Date | null; live: boolean; expired: boolean; ended: boolean };

/** A refresh token with its session and user, both locked: concurrent refreshes of one token take turns. */
export async function lockRefreshToken(tx: Tx, tokenHash: Buffer, idleMinutes: number): Promise<RefreshTokenRow | undefined> {
  return tx.one<RefreshTokenRow>(
    `SELECT ${USER_COLUMNS}, s.id AS session_id, t.used_at,
            s.ended_at IS NOT NULL AS ended, s.expires_at <= now() AS expired,
            (s.ended_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2::int)) AS live
     FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
     WHERE t.token_hash = $1
     FOR UPDATE OF t, s`,
    [tokenHash, idleMinutes],
  );
}

/** Spends a refresh token and marks its session seen; answers the session's end of life. */
export async function spendRefreshToken(tx: Tx, tokenHash: Buffer, sessionId: string): Promise<Date> {
  await tx.query(`UPDATE session_refresh_tokens SET used_at = now() WHERE token_hash = $1`, [tokenHash]);
  const session = await tx.one<{ expires_at: Date }>(`UPDATE sessions SET last_seen_at = now() WHERE id = $1 RETURNING expires_at`, [
    sessionId,
  ]);
  return session!.expires_at;
}

export async function insertRefreshToken(tx: Tx, tokenHash: Buffer, sessionId: string): Promise<void> {
  await tx.query(`INSERT INTO session_refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [tokenHash, sessionId]);
}

export async function refreshTokenOwner(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{ session_id: string; id: string; discipline: Discipline; organisation_id: string } | undefined> {
  return tx.one<{ session_id: string; id: string; discipline: Discipline; organisation_id: string }>(
    `SELECT t.session_id, u.id, u.discipline, u.organisation_id
     FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
     WHERE t.token_hash = $1`,
    [tokenHash],
  );
}

/** The live sessions of a user, newest first; the cursor carries the microseconds Postgres keeps. */
export async function liveSessions(
  db: Db,
  userId: string,
  idleMinutes: number,
  after: { at: string; id: string } | null | undefined,
  take: number,
): Promise<(SessionRow & { at: string })[]> {
  return db.query<SessionRow & { at: string }>(
    `SELECT ${SESSION_COLUMNS}, to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM sessions s
     WHERE s.user_id = $1 AND s.ended_at IS NULL AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(mins => $2::int)
       AND ($3::timestamptz IS NULL OR (s.created_at, s.id) < ($3::timestamptz, $4::uuid))
     ORDER BY s.created_at DESC, s.id DESC LIMIT $5`,
    [userId, idleMinutes, after?.at ?? null, after?.id ?? null, take],
  );
}

export async function session(
  tx: Tx,
  sessionId: string,
  options: { ownerId?: string; lock?: boolean } = {},
): Promise<SessionRow | undefined> {
  return tx.one<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = $1 AND ($2::uuid IS NULL OR s.user_id = $2)${options.lock ? ' FOR UPDATE' : ''}`,
    [sessionId, options.ownerId ?? null],
  );
}

/** Ends a session that has not ended; false when it had. */
export async function endSession(tx: Tx, sessionId: string, reason: string): Promise<boolean> {
  const result = await tx.execute(`UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [
    sessionId,
    reason,
  ]);
  return result.affected > 0;
}

export async function endSessionsOf(tx: Tx, userId: string, reason: string): Promise<number> {
  const result = await tx.execute(`UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL`, [
    userId,
    reason,
  ]);
  return result.affected;
}

export interface LiveActorRow {
  id: string;
  discipline: Discipline;
  roles: Role[];
  organisation_id: string;
  second_factor_at: Date | null;
  mfa_enrolled: boolean;
}

/**
 * AccessTokenVerifier's one statement per request: the user, active, if the token's session is live
 * (not ended, not past its end, not idle), marking the session seen at most every 15 seconds.
 * Prepared: every authenticated request runs it (stack-notes, issue 11).
 */
export async function liveActorRow(db: Db, userId: string, sessionId: string, idleMinutes: number): Promise<LiveActorRow | undefined> {
  const rows = await db.query<LiveActorRow>(
    `WITH live AS (
         SELECT s.id, s.last_seen_at, s.second_factor_at FROM sessions s
         WHERE s.id = $2 AND s.user_id = $1 AND s.ended_at IS NULL AND s.expires_at > now()
           AND s.last_seen_at > now() - make_interval(mins => $3::int)
       ), seen AS (
         UPDATE sessions SET last_seen_at = now()
         WHERE id = (SELECT id FROM live WHERE last_seen_at < now() - interval '15 seconds')
         RETURNING id
       )
       SELECT u.id, u.discipline, u.roles, u.organisation_id, (SELECT second_factor_at FROM live) AS second_factor_at,
              EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS mfa_enrolled
       FROM users u
       WHERE u.id = $1 AND u.active AND EXISTS (SELECT 1 FROM live)`,
    [userId, sessionId, idleMinutes],
    { prepare: true },
  );
  return rows[0];
}

// ---- pruning (the worker's hygiene, apps/worker/src/pruning.ts) ----

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
