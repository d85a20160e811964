import { totpCode, TOTP_PERIOD_SECONDS } from '@oneroof/identity';
import { isSealed, secretSealer, TOTP_SECRET_PURPOSE, totpSecretContext } from '@oneroof/platform';
import { createTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import type { QueryRunner } from 'typeorm';
import { TotpSecretsSealed1766000300100 } from '../libs/platform/src/database/migrations/1766000300100-totp-secrets-sealed';

/**
 * Issue 14: TOTP secrets are sealed at rest (AES-256-GCM, a key from MFA_ENCRYPTION_KEY or, outside
 * production, the database's runtime secret), the migration seals the ones enrolled before, and a
 * sealed value only opens on its own row under its own key.
 */
describe('TOTP secrets sealed at rest', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const step = () => ctx.clock.advance(TOTP_PERIOD_SECONDS * 1000);
  const code = (secret: string) => totpCode(secret, ctx.clock.now());
  const stored = async (userId: string) =>
    (await ctx.db.query<{ secret: string }>(`SELECT secret FROM user_totp WHERE user_id = $1`, [userId]))[0]?.secret;
  const enrol = async (user: TestUser) => {
    const started = await http().post('/api/me/mfa/totp').set('Authorization', user.auth).expect(201);
    step();
    await http()
      .post('/api/me/mfa/totp/confirm')
      .set('Authorization', user.auth)
      .send({ code: code(started.body.secret) })
      .expect(200);
    step();
    return started.body.secret as string;
  };
  /** Password, then code: the status of the second step. */
  const signIn = async (user: TestUser, secret: string) => {
    const first = await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    const second = await http()
      .post('/api/auth/login/mfa')
      .send({ mfaToken: first.body.mfaToken, code: code(secret) });
    step();
    return second;
  };
  const asRunner = (): QueryRunner => ({ query: (sql: string, params?: unknown[]) => ctx.db.query(sql, params) }) as unknown as QueryRunner;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('stores only a sealed value, under the key the config names, and signs in with it', async () => {
    const user = await ctx.factory.user();
    const secret = await enrol(user);
    const value = await stored(user.id);
    expect(isSealed(value)).toBe(true);
    expect(value).not.toContain(secret);
    const sealer = secretSealer(ctx.config.mfaEncryptionKey, TOTP_SECRET_PURPOSE);
    expect(value.split('.')[1]).toBe(sealer.keyId);
    expect(sealer.open(value, totpSecretContext(user.id))).toBe(secret);
    // Outside production, the key is the database's own random one.
    const [kept] = await ctx.db.query<{ value: string }>(`SELECT value FROM runtime_secrets WHERE name = 'mfa_encryption_key'`);
    expect(kept.value).toBe(ctx.config.mfaEncryptionKey);
    expect((await signIn(user, secret)).status).toBe(200);
  });

  it('refuses to store a plain secret (CHECK), and a sealed value moved onto another user does not open', async () => {
    const [a, b] = await Promise.all([ctx.factory.user(), ctx.factory.user()]);
    await expect(
      ctx.db.query(`INSERT INTO user_totp (user_id, secret, confirmed_at) VALUES ($1, 'JBSWY3DPEHPK3PXP', now())`, [a.id]),
    ).rejects.toThrow(/user_totp_secret_sealed/);
    const secretA = await enrol(a);
    await enrol(b);
    const sealer = secretSealer(ctx.config.mfaEncryptionKey, TOTP_SECRET_PURPOSE);
    expect(() => sealer.open(sealer.seal(secretA, totpSecretContext(a.id)), totpSecretContext(b.id))).toThrow(/does not open/);
    const other = secretSealer('another key of at least thirty-two characters', TOTP_SECRET_PURPOSE);
    expect(() => other.open(sealer.seal(secretA, totpSecretContext(a.id)), totpSecretContext(a.id))).toThrow(/another key/);
    // Within the app: b's row holding a's sealed secret is not accepted as b's second factor.
    await ctx.db.query(`UPDATE user_totp SET secret = (SELECT secret FROM user_totp WHERE user_id = $1) WHERE user_id = $2`, [a.id, b.id]);
    const refused = await signIn(b, secretA);
    expect(refused.status).not.toBe(200);
    expect((await signIn(a, secretA)).status).toBe(200);
  });

  it('the migration seals the secrets enrolled before it, with the key the API uses, and signing in still works', async () => {
    const user = await ctx.factory.user();
    const plain = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    // The table as it was before the migration: no CHECK, a plain secret.
    await ctx.db.query(`ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_sealed`);
    await ctx.db.query(`INSERT INTO user_totp (user_id, secret, confirmed_at, last_used_step) VALUES ($1, $2, now(), 0)`, [user.id, plain]);
    const before = await ctx.db.query<{ user_id: string; secret: string }>(`SELECT user_id, secret FROM user_totp WHERE user_id <> $1`, [
      user.id,
    ]);

    await new TotpSecretsSealed1766000300100().up(asRunner());

    const value = await stored(user.id);
    expect(isSealed(value)).toBe(true);
    expect(secretSealer(ctx.config.mfaEncryptionKey, TOTP_SECRET_PURPOSE).open(value, totpSecretContext(user.id))).toBe(plain);
    // Already sealed ones are left as they were.
    expect(await ctx.db.query(`SELECT user_id, secret FROM user_totp WHERE user_id <> $1`, [user.id])).toEqual(before);
    expect((await signIn(user, plain)).status).toBe(200);
    // And the CHECK is back.
    await expect(ctx.db.query(`UPDATE user_totp SET secret = $2 WHERE user_id = $1`, [user.id, plain])).rejects.toThrow(
      /user_totp_secret_sealed/,
    );
  });
});
