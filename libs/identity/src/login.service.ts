import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import { APP_CONFIG, Clock, Db, type AppConfig } from '@oneroof/platform';
import { decoyHash, verifyPassword } from './passwords';
import { SessionsService, type SessionTokens } from './sessions.service';
import * as identity from './identity-repository';
import { toUser } from './user-rows';
import { IdentityError } from './identity-errors';
import { LOCKOUT_MINUTES, MAX_CONSECUTIVE_FAILURES } from './lockout';
import { SecondFactorService } from './second-factor.service';

export { LOCKOUT_MINUTES, MAX_CONSECUTIVE_FAILURES };

/** design.md §9: an enrolled user's right password answers this instead of a session. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

/** One answer for every failed login, so that nobody learns whether an email exists or is locked. */
const invalidCredentials = () => new IdentityError('unauthenticated', 'INVALID_CREDENTIALS', 'The email or password is wrong.');

export interface LoginAttempt {
  email: string;
  password: string;
  clientIp: string;
}

@Injectable()
export class LoginService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(SecondFactorService) private readonly secondFactor: SecondFactorService,
  ) {}

  async login(attempt: LoginAttempt): Promise<SessionTokens | MfaChallenge> {
    await this.countAttemptFromIp(attempt.clientIp);
    const emailKey = attempt.email.trim().toLowerCase();
    const result = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      // The row lock serialises attempts on one email, so parallel guesses cannot slip past the count.
      const lock = await identity.lockLoginLockout(tx, emailKey);
      const row = await identity.userWithPasswordByEmail(tx, emailKey);
      const locked = lock?.locked_until != null && lock.locked_until > now;
      // Always pay for one hash, so that time does not tell a missing or locked email from a wrong password.
      const passwordMatches = await verifyPassword(attempt.password, row?.password_hash ?? (await decoyHash()));
      const success = !locked && row !== undefined && row.active && passwordMatches;
      const user = row ? toUser(row) : undefined;
      // design.md §9: a right password of an enrolled user only opens the second step. The failure
      // count is not reset here but after the code, so that wrong codes add up to the lockout.
      if (success && user && (await this.secondFactor.enrolledInTx(tx, user.id))) {
        await this.audit.record(tx, {
          actor: user,
          action: 'auth.mfa_challenge',
          resourceType: 'user',
          resourceId: user.id,
          outcome: 'success',
          purpose: STANDING_PURPOSE.administration,
          at: now,
        });
        return { success, challenge: await this.secondFactor.openChallenge(tx, user) };
      }
      if (success) {
        await identity.saveLoginLockout(tx, emailKey, 0, null, now);
      } else if (!locked) {
        const failures = (lock?.consecutive_failures ?? 0) + 1;
        const lockNow = failures >= MAX_CONSECUTIVE_FAILURES;
        await identity.saveLoginLockout(
          tx,
          emailKey,
          lockNow ? 0 : failures,
          lockNow ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null,
          now,
        );
      }
      // design.md §3: every login, success or failure, is one audit event in this transaction. A
      // failure for an email no user has is recorded without an actor; the email itself is not kept.
      await this.audit.record(tx, {
        actor: user ?? null,
        action: 'auth.login',
        resourceType: 'user',
        resourceId: user?.id ?? null,
        outcome: success ? 'success' : 'denied',
        purpose: STANDING_PURPOSE.administration,
        at: now,
      });
      // design.md §9: a login opens a session, in the transaction that records the login.
      return { success, session: success && user ? await this.sessions.open(tx, user) : undefined };
    });
    if (result.success && 'challenge' in result && result.challenge) return { mfaRequired: true, mfaToken: result.challenge };
    if (!result.success || !('session' in result) || !result.session) throw invalidCredentials();
    return result.session;
  }

  /** design.md §4: login attempts per client IP per minute, counted in Postgres so every API process shares them. */
  private async countAttemptFromIp(clientIp: string): Promise<void> {
    const now = this.clock.now();
    const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const limited = await this.db.transaction(async (tx) => {
      if ((await identity.countLoginAttempt(tx, clientIp, windowStart)) <= this.config.loginRateLimitPerMinute) return false;
      // A refused login is still a login attempt on record; who was tried is not known here by design.
      await this.audit.record(tx, {
        actor: null,
        action: 'auth.login',
        resourceType: 'user',
        outcome: 'denied',
        purpose: STANDING_PURPOSE.administration,
        at: now,
      });
      return true;
    });
    if (limited) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
      throw new IdentityError('rate_limited', 'LOGIN_RATE_LIMITED', 'Too many login attempts from this address; try again later.', {
        retryAfterSeconds,
      });
    }
  }
}
