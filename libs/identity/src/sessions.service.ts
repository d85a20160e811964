import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import { APP_CONFIG, Db, decodeCursor, requestContext, toPage, type AppConfig, type Page, type Tx } from '@oneroof/platform';
import type { Actor, User } from './domain';
import { TokenService } from './tokens';
import * as identity from './identity-repository';
import type { SessionRow } from './identity-repository';
import { toUser } from './user-rows';
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
    const session = await identity.insertSession(tx, {
      userId: user.id,
      maxHours: this.config.sessionMaxHours,
      userAgent: context?.userAgent?.slice(0, 500) || null,
      ip: context?.ip?.slice(0, 64) || null,
      secondFactor: options.secondFactor === true,
    });
    const refreshToken = await this.issueRefreshToken(tx, session.id);
    return { ...this.tokens.issue(user.id, session.id), refreshToken, sessionExpiresAt: session.expires_at, user };
  }

  /** Rotation: the presented token is spent and a new one issued; a spent one ends the session. */
  async refresh(refreshToken: string | undefined): Promise<SessionTokens> {
    if (!refreshToken || refreshToken.length > 200) throw sessionEnded();
    const outcome = await this.db.transaction(async (tx) => {
      const row = await identity.lockRefreshToken(tx, hashOf(refreshToken), this.config.sessionIdleMinutes);
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
      const sessionExpiresAt = await identity.spendRefreshToken(tx, hashOf(refreshToken), row.session_id);
      const next = await this.issueRefreshToken(tx, row.session_id);
      await this.audit.record(tx, {
        actor,
        action: 'auth.refresh',
        resourceType: 'session',
        resourceId: row.session_id,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
      });
      return { ok: true as const, user, sessionId: row.session_id, refreshToken: next, sessionExpiresAt };
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
        const row = await identity.refreshTokenOwner(tx, hashOf(by.refreshToken));
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
    const rows = await identity.liveSessions(this.db, userId, this.config.sessionIdleMinutes, after, limit + 1);
    return toPage(rows, limit, toSession, (r) => ({ at: r.at, id: r.id }), 'sessions');
  }

  /** A user ends one of their own sessions; another user's session is not found, as if it did not exist. */
  async endOwn(actor: Actor, sessionId: string): Promise<Session> {
    return this.db.transaction(async (tx) => {
      const row = await identity.session(tx, sessionId, { ownerId: actor.id, lock: true });
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
      const ended = await identity.session(tx, sessionId);
      return toSession(ended!);
    });
  }

  /** An admin ends every session of a user (a lost laptop, a suspicion). */
  async endAllOf(admin: Actor, userId: string): Promise<{ ended: number }> {
    return this.db.transaction(async (tx) => {
      if (!(await identity.userExists(tx, userId))) throw new IdentityError('not_found', 'USER_NOT_FOUND', 'The user does not exist.');
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
    return identity.endSessionsOf(tx, userId, reason);
  }

  private async end(tx: Tx, sessionId: string, reason: SessionEndReason): Promise<boolean> {
    return identity.endSession(tx, sessionId, reason);
  }

  private async issueRefreshToken(tx: Tx, sessionId: string): Promise<string> {
    const token = newRefreshToken();
    await identity.insertRefreshToken(tx, hashOf(token), sessionId);
    return token;
  }
}
