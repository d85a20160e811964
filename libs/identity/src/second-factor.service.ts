import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import {
  APP_CONFIG,
  Clock,
  Db,
  secretSealer,
  TOTP_SECRET_PURPOSE,
  totpSecretContext,
  type AppConfig,
  type SecretSealer,
  type Tx,
} from '@oneroof/platform';
import type { Actor, User } from './domain';
import { IdentityError } from './identity-errors';
import { LOCKOUT_MINUTES, MAX_CONSECUTIVE_FAILURES } from './lockout';
import { secondFactorRepository as repo } from './second-factor-repository';
import { SessionsService, type SessionTokens } from './sessions.service';
import { TokenService } from './tokens';
import { acceptedStep, newRecoveryCodes, newTotpSecret, otpauthUri, recoveryCodeHash } from './totp';

/** design.md §9: an mfaToken lives 5 minutes. */
export const MFA_TOKEN_MINUTES = 5;

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export interface SecondStep {
  mfaToken: string;
  code?: string;
  recoveryCode?: string;
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const emailKeyOf = (user: Pick<User, 'email'>) => user.email.trim().toLowerCase();

/** The second step fails like a wrong password: nobody learns whether the token, the code or a lockout was the reason. */
const invalidCredentials = () =>
  new IdentityError('unauthenticated', 'INVALID_CREDENTIALS', 'The code is wrong or has expired; sign in again.');
const codeInvalid = () =>
  new IdentityError('rule', 'MFA_CODE_INVALID', 'The code is not right (or was used already); type the code your app shows now.', {
    errors: [{ field: 'code', message: 'code is not a current, unused code' }],
  });

/**
 * design.md §9 two factors (TOTP, RFC 6238) and step-up. Every enrolment, reset, recovery-code use
 * and failure is one audit event in the transaction of its work. Time is the injected clock's, so
 * tests can step it across 30-second windows without waiting.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private sealer?: SecretSealer;

  /**
   * TOTP secrets are sealed at rest (issue 14, platform crypto/sealed-secret.ts); only this service
   * opens them. Made at first use: an app that is not connected (writing the OpenAPI document) has no key.
   */
  private get secrets(): SecretSealer {
    this.sealer ??= secretSealer(this.config.mfaEncryptionKey, TOTP_SECRET_PURPOSE);
    return this.sealer;
  }

  private openSecret(userId: string, sealed: string): string {
    return this.secrets.open(sealed, totpSecretContext(userId));
  }

  async isEnrolled(userId: string): Promise<boolean> {
    return this.db.transaction((tx) => repo.isEnrolled(tx, userId));
  }

  async startEnrolment(actor: Actor): Promise<TotpEnrolment> {
    return this.db.transaction(async (tx) => {
      const user = await repo.user(tx, actor.id);
      const current = await repo.totpFor(tx, actor.id, true);
      if (!user) throw new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');
      if (current?.confirmed_at) {
        throw new IdentityError('conflict', 'MFA_ALREADY_ENROLLED', 'A second factor is set up already; ask an admin to reset it first.');
      }
      const secret = newTotpSecret();
      await repo.savePending(tx, actor.id, this.secrets.seal(secret, totpSecretContext(actor.id)));
      await this.record(tx, actor, 'mfa.enrolment_started', 'success', actor.id);
      return { secret, otpauthUri: otpauthUri(secret, user.email) };
    });
  }

  async confirmEnrolment(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const outcome = await this.db.transaction(async (tx) => {
      const pending = await repo.totpFor(tx, actor.id, true);
      if (!pending || pending.confirmed_at) {
        throw new IdentityError('conflict', 'MFA_NOT_PENDING', 'There is no enrolment to confirm; start it again.');
      }
      const step = acceptedStep(this.openSecret(actor.id, pending.secret), code, this.clock.now(), Number(pending.last_used_step));
      if (step === null) {
        await this.record(tx, actor, 'mfa.enrolment_confirmed', 'denied', actor.id);
        return { ok: false as const };
      }
      const recoveryCodes = newRecoveryCodes();
      await repo.confirm(tx, actor.id, step, recoveryCodes.map(recoveryCodeHash));
      // Typing a current code is a second factor: this session need not step up at once.
      if (actor.sessionId) await repo.markSecondFactor(tx, actor.sessionId);
      await this.record(tx, actor, 'mfa.enrolment_confirmed', 'success', actor.id);
      return { ok: true as const, recoveryCodes };
    });
    if (!outcome.ok) throw codeInvalid();
    return { recoveryCodes: outcome.recoveryCodes };
  }

  /** An admin resets a user's second factor (a lost phone); the user enrols again at their next sign-in. */
  async reset(admin: Actor, userId: string): Promise<{ userId: string; enrolled: false }> {
    return this.db.transaction(async (tx) => {
      const user = await repo.user(tx, userId);
      if (!user) throw new IdentityError('not_found', 'USER_NOT_FOUND', 'The user does not exist.');
      await repo.reset(tx, userId);
      await this.record(tx, admin, 'mfa.reset', 'success', userId);
      return { userId, enrolled: false as const };
    });
  }

  /** After a right password, for an enrolled user: the single-use token of the second step. */
  async openChallenge(tx: Tx, user: User): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await repo.openChallenge(tx, user.id, hashOf(token), MFA_TOKEN_MINUTES);
    return token;
  }

  async enrolledInTx(tx: Tx, userId: string): Promise<boolean> {
    return repo.isEnrolled(tx, userId);
  }

  /** design.md §9: `POST /api/auth/login/mfa`. A wrong code counts toward the lockout of §4. */
  async completeLogin(step: SecondStep): Promise<SessionTokens> {
    const outcome = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const userId = step.mfaToken.length <= 200 ? await repo.spendChallenge(tx, hashOf(step.mfaToken)) : undefined;
      const user = userId ? await repo.user(tx, userId) : undefined;
      if (!user || !user.active) {
        await this.audit.record(tx, {
          actor: user ?? null,
          action: 'auth.login',
          resourceType: 'user',
          resourceId: user?.id ?? null,
          outcome: 'denied',
          purpose: STANDING_PURPOSE.administration,
          at: now,
        });
        return { ok: false as const };
      }
      const lock = await repo.lockout(tx, emailKeyOf(user));
      const locked = lock.locked_until !== null && lock.locked_until > now;
      const usedRecoveryCode = step.code === undefined && step.recoveryCode !== undefined;
      const verified = !locked && (await this.verify(tx, user.id, step.code, step.recoveryCode, now));
      if (verified) await repo.saveLockout(tx, emailKeyOf(user), 0, null, now);
      else if (!locked) await this.countFailure(tx, user, lock.consecutive_failures, now);
      await this.audit.record(tx, {
        actor: user,
        action: usedRecoveryCode ? 'auth.login_recovery_code' : 'auth.login',
        resourceType: 'user',
        resourceId: user.id,
        outcome: verified ? 'success' : 'denied',
        purpose: STANDING_PURPOSE.administration,
        at: now,
      });
      return verified ? { ok: true as const, session: await this.sessions.open(tx, user, { secondFactor: true }) } : { ok: false as const };
    });
    if (!outcome.ok) throw invalidCredentials();
    return outcome.session;
  }

  /**
   * design.md §9 step-up: a current code marks the session's second factor as fresh, and a fresh
   * access token is answered. Wrong codes count toward the lockout, like at sign-in.
   */
  async stepUp(actor: Actor, code: string): Promise<{ accessToken: string; expiresIn: number }> {
    const outcome = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const user = await repo.user(tx, actor.id);
      if (!user || !actor.sessionId) throw new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');
      if (!(await repo.isEnrolled(tx, actor.id))) {
        throw new IdentityError('conflict', 'MFA_NOT_ENROLLED', 'You have no second factor to step up with; set one up first.');
      }
      const lock = await repo.lockout(tx, emailKeyOf(user));
      const locked = lock.locked_until !== null && lock.locked_until > now;
      const verified = !locked && (await this.verify(tx, user.id, code, undefined, now));
      if (verified) {
        await repo.saveLockout(tx, emailKeyOf(user), 0, null, now);
        await repo.markSecondFactor(tx, actor.sessionId);
      } else if (!locked) {
        await this.countFailure(tx, user, lock.consecutive_failures, now);
      }
      await this.record(tx, actor, 'auth.step_up', verified ? 'success' : 'denied', actor.id);
      return verified;
    });
    if (!outcome) throw codeInvalid();
    return this.tokens.issue(actor.id, actor.sessionId!);
  }

  private async verify(tx: Tx, userId: string, code: string | undefined, recoveryCode: string | undefined, now: Date): Promise<boolean> {
    const totp = await repo.totpFor(tx, userId, true);
    if (!totp?.confirmed_at) return false;
    if (code !== undefined) {
      const step = acceptedStep(this.openSecret(userId, totp.secret), code, now, Number(totp.last_used_step));
      if (step === null) return false;
      await repo.useStep(tx, userId, step);
      return true;
    }
    if (recoveryCode !== undefined && recoveryCode.length <= 64) return repo.useRecoveryCode(tx, userId, recoveryCodeHash(recoveryCode));
    return false;
  }

  private async countFailure(tx: Tx, user: User, failuresSoFar: number, now: Date): Promise<void> {
    const failures = failuresSoFar + 1;
    const lockNow = failures >= MAX_CONSECUTIVE_FAILURES;
    await repo.saveLockout(
      tx,
      emailKeyOf(user),
      lockNow ? 0 : failures,
      lockNow ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null,
      now,
    );
  }

  private async record(
    tx: Tx,
    actor: Pick<Actor, 'id' | 'discipline' | 'organisationId'>,
    action: string,
    outcome: 'success' | 'denied',
    userId: string,
  ) {
    await this.audit.record(tx, {
      actor,
      action,
      resourceType: 'user',
      resourceId: userId,
      outcome,
      purpose: STANDING_PURPOSE.administration,
    });
  }
}
