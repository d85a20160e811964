import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import { APP_CONFIG, Db, decodeCursor, requestContext, toPage, type AppConfig, type Page, type Tx } from '@oneroof/platform';
import type { Actor, User } from './domain';
import { TokenService } from './tokens';
import { toUser, USER_COLUMNS, type UserRow } from './user-rows';
import { IdentityError } from './identity-errors';

/** design.md §9: a session as its owner and the admins see it. */
export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  userAgent: string | null;
  ip: string | null;
}

export type SessionEndReason = 'logout' | 'refresh_reuse' | 'idle' | 'expired' | 'deactivated' | 'ended_by_user' | 'ended_by_admin';

/** What a login and a refresh answer: a new access token and a new refresh token of one session. */
export interface SessionTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  /** When the session ends at the latest: the refresh cookie's lifetime. */
  sessionExpiresAt: Date;
  user: User;
}

interface SessionRow {
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

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  userId: row.user_id,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  expiresAt: row.expires_at,
  endedAt: row.ended_at,
  userAgent: row.user_agent,
  ip: row.ip,
});

/** One answer for every refresh that does not work, so that nobody learns why a stolen token failed. */
const sessionEnded = () => new IdentityError('unauthenticated', 'SESSION_ENDED', 'The session has ended; sign in again.');
const sessionNotFound = () => new IdentityError('not_found', 'SESSION_NOT_FOUND', 'The session does not exist.');

/** 32 random bytes; the database keeps only their SHA-256, so a copy of it opens no session. */
const newRefreshToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * design.md §9: a login opens a session; access tokens carry its id (`sid`) and each request checks
 * it is live (AccessTokenVerifier, in the statement that loads the user). Refresh tokens rotate: each
 * works once, and presenting a used one ends the whole session, since then two parties hold it.
 * Times are Postgres' own now(), like a token's exp is real time: the domain clock tests move must
 * not end the sessions of their users.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /** Opens a session for a user whose login succeeded, inside the login's transaction. */
  async open(tx: Tx, user: User, options: { secondFactor?: boolean } = {}): Promise<SessionTokens> {
    const context = requestContext.current();
    // second_factor_at: a session opened with a code counts as stepped up from its first moment.
    const session = await tx.one<{ id: string; expires_at: Date }>(
      `INSERT INTO sessions (user_id, expires_at, user_agent, ip, second_factor_at)
       VALUES ($1, now() + make_interval(hours => $2::int), $3, $4, CASE WHEN $5::boolean THEN now() END) RETURNING id, expires_at`,
      [
        user.id,
        this.config.sessionMaxHours,
        context?.userAgent?.slice(0, 500) || null,
        context?.ip?.slice(0, 64) || null,
        options.secondFactor === true,
      ],
    );
    const refreshToken = await this.issueRefreshToken(tx, session!.id);
    return { ...this.tokens.issue(user.id, session!.id), refreshToken, sessionExpiresAt: session!.expires_at, user };
  }

  /** Rotation: the presented token is spent and a new one issued; a spent one ends the session. */
  async refresh(refreshToken: string | undefined): Promise<SessionTokens> {
    if (!refreshToken || refreshToken.length > 200) throw sessionEnded();
    const outcome = await this.db.transaction(async (tx) => {
      const row = await tx.one<UserRow & { session_id: string; used_at: Date | null; live: boolean; expired: boolean; ended: boolean }>(
        `SELECT ${USER_COLUMNS}, s.id AS session_id, t.used_at,
                s.ended_at IS NOT NULL AS ended, s.expires_at <= now() AS expired,
                (s.ended_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2::int)) AS live
         FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
         WHERE t.token_hash = $1
         FOR UPDATE OF t, s`,
        [hashOf(refreshToken), this.config.sessionIdleMinutes],
      );
      if (!row) {
        await this.audit.record(tx, {
          actor: null,
          action: 'auth.refresh',
          resourceType: 'session',
          outcome: 'denied',
          purpose: STANDING_PURPOSE.administration,
        });
        return { ok: false as const };
      }
      const user = toUser(row);
      // The user is an audit actor as it is (AuditActor is structural): the writer keeps id, discipline, organisation.
      const actor = user;
      const deny = async (reason: SessionEndReason | null) => {
        if (reason && !row.ended) await this.end(tx, row.session_id, reason);
        await this.audit.record(tx, {
          actor,
          action: 'auth.refresh',
          resourceType: 'session',
          resourceId: row.session_id,
          outcome: 'denied',
          purpose: STANDING_PURPOSE.administration,
        });
        return { ok: false as const };
      };
      if (row.used_at !== null) return deny('refresh_reuse');
      if (!user.active) return deny('deactivated');
      if (!row.live) return deny(row.ended ? null : row.expired ? 'expired' : 'idle');
      await tx.query(`UPDATE session_refresh_tokens SET used_at = now() WHERE token_hash = $1`, [hashOf(refreshToken)]);
      const session = await tx.one<{ expires_at: Date }>(`UPDATE sessions SET last_seen_at = now() WHERE id = $1 RETURNING expires_at`, [
        row.session_id,
      ]);
      const next = await this.issueRefreshToken(tx, row.session_id);
      await this.audit.record(tx, {
        actor,
        action: 'auth.refresh',
        resourceType: 'session',
        resourceId: row.session_id,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
      });
      return { ok: true as const, user, sessionId: row.session_id, refreshToken: next, sessionExpiresAt: session!.expires_at };
    });
    if (!outcome.ok) throw sessionEnded();
    return {
      ...this.tokens.issue(outcome.user.id, outcome.sessionId),
      refreshToken: outcome.refreshToken,
      sessionExpiresAt: outcome.sessionExpiresAt,
      user: outcome.user,
    };
  }

  /**
   * Sign-out: ends the session the access token names, or else the one the refresh token belongs
   * to. Ending an ended session again changes nothing and is not an error (a second click, a retry).
   */
  async logout(by: { actor?: Actor; refreshToken?: string }): Promise<{ ended: boolean }> {
    return this.db.transaction(async (tx) => {
      let sessionId = by.actor?.sessionId;
      let actor = by.actor;
      if (!sessionId && by.refreshToken && by.refreshToken.length <= 200) {
        const row = await tx.one<{ session_id: string; id: string; discipline: Actor['discipline']; organisation_id: string }>(
          `SELECT t.session_id, u.id, u.discipline, u.organisation_id
           FROM session_refresh_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
           WHERE t.token_hash = $1`,
          [hashOf(by.refreshToken)],
        );
        if (row) {
          sessionId = row.session_id;
          actor = { id: row.id, discipline: row.discipline, organisationId: row.organisation_id, roles: [] };
        }
      }
      if (!sessionId || !actor) return { ended: false };
      const ended = await this.end(tx, sessionId, 'logout');
      await this.audit.record(tx, {
        actor,
        action: 'auth.logout',
        resourceType: 'session',
        resourceId: sessionId,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
      });
      return { ended };
    });
  }

  /** The caller's live sessions, newest first; `current` is the one the caller's token belongs to. */
  async listLive(userId: string, limit: number, cursor?: string): Promise<Page<Session>> {
    const after = decodeCursor(cursor, 'sessions', { at: 'time', id: 'uuid' });
    // The cursor carries the microseconds Postgres keeps (a Date keeps milliseconds and would skip rows).
    const rows = await this.db.query<SessionRow & { at: string }>(
      `SELECT ${SESSION_COLUMNS}, to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM sessions s
       WHERE s.user_id = $1 AND s.ended_at IS NULL AND s.expires_at > now()
         AND s.last_seen_at > now() - make_interval(mins => $2::int)
         AND ($3::timestamptz IS NULL OR (s.created_at, s.id) < ($3::timestamptz, $4::uuid))
       ORDER BY s.created_at DESC, s.id DESC LIMIT $5`,
      [userId, this.config.sessionIdleMinutes, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, toSession, (r) => ({ at: r.at, id: r.id }), 'sessions');
  }

  /** A user ends one of their own sessions; another user's session is not found, as if it did not exist. */
  async endOwn(actor: Actor, sessionId: string): Promise<Session> {
    return this.db.transaction(async (tx) => {
      const row = await tx.one<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = $1 AND s.user_id = $2 FOR UPDATE`, [
        sessionId,
        actor.id,
      ]);
      if (!row) throw sessionNotFound();
      await this.end(tx, sessionId, 'ended_by_user');
      await this.audit.record(tx, {
        actor,
        action: 'auth.session_ended',
        resourceType: 'session',
        resourceId: sessionId,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
      });
      const ended = await tx.one<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = $1`, [sessionId]);
      return toSession(ended!);
    });
  }

  /** An admin ends every session of a user (a lost laptop, a suspicion). */
  async endAllOf(admin: Actor, userId: string): Promise<{ ended: number }> {
    return this.db.transaction(async (tx) => {
      const user = await tx.one(`SELECT 1 FROM users WHERE id = $1`, [userId]);
      if (!user) throw new IdentityError('not_found', 'USER_NOT_FOUND', 'The user does not exist.');
      const ended = await this.endAllInTx(tx, userId, 'ended_by_admin');
      await this.audit.record(tx, {
        actor: admin,
        action: 'auth.sessions_ended',
        resourceType: 'user',
        resourceId: userId,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
      });
      return { ended };
    });
  }

  /** Ends every live session of a user, in the caller's transaction (deactivation, an admin). */
  async endAllInTx(tx: Tx, userId: string, reason: SessionEndReason): Promise<number> {
    const result = await tx.execute(`UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL`, [
      userId,
      reason,
    ]);
    return result.affected;
  }

  private async end(tx: Tx, sessionId: string, reason: SessionEndReason): Promise<boolean> {
    const result = await tx.execute(`UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [
      sessionId,
      reason,
    ]);
    return result.affected > 0;
  }

  private async issueRefreshToken(tx: Tx, sessionId: string): Promise<string> {
    const token = newRefreshToken();
    await tx.query(`INSERT INTO session_refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [hashOf(token), sessionId]);
    return token;
  }
}
