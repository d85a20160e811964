import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_MFA_ENCRYPTION_KEY, runtimeSecret } from '../../config/runtime-secrets';
import { isSealed, secretSealer, TOTP_SECRET_PURPOSE, totpSecretContext } from '../../crypto/sealed-secret';

/**
 * Issue 14: TOTP secrets sealed at rest with AES-256-GCM (crypto/sealed-secret.ts) instead of kept
 * in plain text. Seals every secret enrolled before, with the key the API will use: MFA_ENCRYPTION_KEY
 * from the environment, or outside production the database's own random one (runtime_secrets, made
 * here if the API has not made it yet). In production with secrets to seal and no key it stops, and
 * says so, rather than seal with a key the API will not have.
 *
 * After it, user_totp.secret holds only sealed values (a CHECK), so a plain secret can never be
 * written again by mistake.
 */
export class TotpSecretsSealed1766000300100 implements MigrationInterface {
  name = 'TotpSecretsSealed1766000300100';

  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query(`SELECT user_id, secret FROM user_totp ORDER BY user_id FOR UPDATE`)) as {
      user_id: string;
      secret: string;
    }[];
    const plain = rows.filter((r) => !isSealed(r.secret));
    if (plain.length > 0) {
      const sealer = secretSealer(await keyMaterial(q), TOTP_SECRET_PURPOSE);
      for (const row of plain) {
        await q.query(`UPDATE user_totp SET secret = $2 WHERE user_id = $1`, [
          row.user_id,
          sealer.seal(row.secret, totpSecretContext(row.user_id)),
        ]);
      }
    }
    await q.query(`ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_sealed CHECK (secret LIKE 'v1.%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_sealed`);
    const rows = (await q.query(`SELECT user_id, secret FROM user_totp ORDER BY user_id FOR UPDATE`)) as {
      user_id: string;
      secret: string;
    }[];
    if (rows.length === 0) return;
    const sealer = secretSealer(await keyMaterial(q), TOTP_SECRET_PURPOSE);
    for (const row of rows.filter((r) => isSealed(r.secret))) {
      await q.query(`UPDATE user_totp SET secret = $2 WHERE user_id = $1`, [
        row.user_id,
        sealer.open(row.secret, totpSecretContext(row.user_id)),
      ]);
    }
  }
}

/** The same key material loadConfig and withRuntimeSecrets give the API (app-config.ts checks its length). */
async function keyMaterial(q: QueryRunner): Promise<string> {
  const fromEnv = process.env.MFA_ENCRYPTION_KEY ?? '';
  if (fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error(`MFA_ENCRYPTION_KEY must be at least 32 characters (it has ${fromEnv.length}).`);
    return fromEnv;
  }
  if ((process.env.NODE_ENV?.trim() || 'development') === 'production') {
    throw new Error(
      'MFA_ENCRYPTION_KEY is required when NODE_ENV=production: set it before migrating, to seal the TOTP secrets enrolled so far.',
    );
  }
  return runtimeSecret((sql, params) => q.query(sql, params) as Promise<unknown>, RUNTIME_MFA_ENCRYPTION_KEY);
}
