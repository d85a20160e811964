import type { Tx } from '@oneroof/platform';
import { toUser, USER_COLUMNS, type UserRow } from './user-rows';
import type { User } from './domain';

export interface TotpRow {
  /** Sealed (AES-256-GCM, platform crypto/sealed-secret.ts): SecondFactorService opens it. */
  secret: string;
  confirmed_at: Date | null;
  last_used_step: string;
}

/** The SQL of the second factor (design.md §9): enrolment, recovery codes, login challenges, lockouts. */
export const secondFactorRepository = {
  async totpFor(tx: Tx, userId: string, lock = false): Promise<TotpRow | undefined> {
    return tx.one<TotpRow>(`SELECT secret, confirmed_at, last_used_step FROM user_totp WHERE user_id = $1${lock ? ' FOR UPDATE' : ''}`, [
      userId,
    ]);
  },

  async isEnrolled(tx: Tx, userId: string): Promise<boolean> {
    const row = await tx.one(`SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`, [userId]);
    return row !== undefined;
  },

  /** A new pending secret replaces an earlier pending one (an enrolment started again). */
  async savePending(tx: Tx, userId: string, secret: string): Promise<void> {
    await tx.query(
      `INSERT INTO user_totp (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = 0
       WHERE user_totp.confirmed_at IS NULL`,
      [userId, secret],
    );
  },

  async confirm(tx: Tx, userId: string, step: number, codeHashes: Buffer[]): Promise<void> {
    await tx.query(`UPDATE user_totp SET confirmed_at = now(), last_used_step = $2 WHERE user_id = $1`, [userId, step]);
    await tx.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, h FROM unnest($2::bytea[]) AS h`, [userId, codeHashes]);
  },

  async useStep(tx: Tx, userId: string, step: number): Promise<void> {
    await tx.query(`UPDATE user_totp SET last_used_step = $2 WHERE user_id = $1`, [userId, step]);
  },

  /** Spends a recovery code; false when it is not one of the user's unused codes. */
  async useRecoveryCode(tx: Tx, userId: string, codeHash: Buffer): Promise<boolean> {
    const result = await tx.execute(
      `UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, codeHash],
    );
    return result.affected > 0;
  },

  async reset(tx: Tx, userId: string): Promise<boolean> {
    await tx.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    const result = await tx.execute(`DELETE FROM user_totp WHERE user_id = $1`, [userId]);
    return result.affected > 0;
  },

  async openChallenge(tx: Tx, userId: string, tokenHash: Buffer, minutes: number): Promise<void> {
    await tx.query(`INSERT INTO mfa_challenges (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3::int))`, [
      tokenHash,
      userId,
      minutes,
    ]);
  },

  /** Spends a challenge whatever comes of it: an mfaToken is usable at the next call only. */
  async spendChallenge(tx: Tx, tokenHash: Buffer): Promise<string | undefined> {
    const row = await tx.one<{ user_id: string }>(
      `UPDATE mfa_challenges SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [tokenHash],
    );
    return row?.user_id;
  },

  async user(tx: Tx, userId: string): Promise<User | undefined> {
    const row = await tx.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
    return row ? toUser(row) : undefined;
  },

  /** The login lockout row of a user's email, locked, so parallel attempts cannot slip past the count. */
  async lockout(tx: Tx, emailKey: string): Promise<{ consecutive_failures: number; locked_until: Date | null }> {
    await tx.query(`INSERT INTO login_lockouts (email_key) VALUES ($1) ON CONFLICT DO NOTHING`, [emailKey]);
    const row = await tx.one<{ consecutive_failures: number; locked_until: Date | null }>(
      `SELECT consecutive_failures, locked_until FROM login_lockouts WHERE email_key = $1 FOR UPDATE`,
      [emailKey],
    );
    return row!;
  },

  async saveLockout(tx: Tx, emailKey: string, failures: number, lockedUntil: Date | null, now: Date): Promise<void> {
    await tx.query(`UPDATE login_lockouts SET consecutive_failures = $2, locked_until = $3, updated_at = $4 WHERE email_key = $1`, [
      emailKey,
      failures,
      lockedUntil,
      now,
    ]);
  },

  async markSecondFactor(tx: Tx, sessionId: string): Promise<void> {
    await tx.query(`UPDATE sessions SET second_factor_at = now() WHERE id = $1`, [sessionId]);
  },
};
