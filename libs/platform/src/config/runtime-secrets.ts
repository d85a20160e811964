import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './app-config';

export const RUNTIME_MFA_ENCRYPTION_KEY = 'mfa_encryption_key';

/** The secrets a process makes for its database when their variable is unset outside production. */
const GENERATED: { field: 'jwtSecret' | 'auditSigningKey' | 'mfaEncryptionKey'; name: string; variable: string }[] = [
  { field: 'jwtSecret', name: 'jwt_secret', variable: 'JWT_SECRET' },
  { field: 'auditSigningKey', name: 'audit_signing_key', variable: 'AUDIT_SIGNING_KEY' },
  { field: 'mfaEncryptionKey', name: RUNTIME_MFA_ENCRYPTION_KEY, variable: 'MFA_ENCRYPTION_KEY' },
];

/** Exported for the migration that seals the TOTP secrets enrolled before, which needs the same key. */
export async function runtimeSecret(query: (sql: string, params: unknown[]) => Promise<unknown>, name: string): Promise<string> {
  await query(`INSERT INTO runtime_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    randomBytes(32).toString('hex'),
  ]);
  const rows = (await query(`SELECT value FROM runtime_secrets WHERE name = $1`, [name])) as { value: string }[];
  return rows[0].value;
}

/**
 * Fills every secret the environment left unset with the one kept in runtime_secrets, generating it
 * at the first start (the API and the worker may race: the first insert wins, both read it back).
 * Says so in one warning. loadConfig refuses an unset secret in production, so this never runs there.
 */
export async function withRuntimeSecrets(
  config: AppConfig,
  dataSource: DataSource,
  logger: Pick<Logger, 'warn'> = new Logger('Config'),
): Promise<AppConfig> {
  const missing = GENERATED.filter((secret) => !config[secret.field]);
  if (missing.length === 0) return config;
  const resolved: AppConfig = { ...config };
  for (const secret of missing) {
    resolved[secret.field] = await runtimeSecret((sql, params) => dataSource.query(sql, params), secret.name);
  }
  const names = missing.map((s) => s.variable);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  logger.warn(
    `${listed} ${names.length === 1 ? 'is' : 'are'} not set: using a random value made once for this database and kept in it (set ${
      names.length === 1 ? 'it' : 'them'
    }, 32+ characters, as NODE_ENV=production requires).`,
  );
  return resolved;
}
