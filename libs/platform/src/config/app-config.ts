import { isIP } from 'node:net';
import { deriveAppUrl } from '../database/app-role';
import { LOG_LEVELS, type LogLevel } from '../logging/json-logger';

/**
 * The whole configuration of OneRoof, read once from the environment and checked before anything
 * starts. design.md §6 is the contract for names and defaults: operators script against them.
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  workerPort: number;
  /** HOST: the address the API and the worker's health endpoint bind to (default every IPv4 address). */
  host: string;
  /**
   * TRUST_PROXY: whose X-Forwarded-For is believed, so that the per-IP login limit and the audit's
   * `ip` see the client rather than the load balancer. false (the default): the socket's address
   * counts and the header is ignored; a number: that many proxy hops; a list: those proxy addresses
   * or CIDR ranges. Fastify's trustProxy takes all three as they are.
   */
  trustProxy: false | number | string[];
  /** The schema owner: only `npm run migrate` and `npm start`'s prepare step connect with it. */
  databaseUrl: string;
  /** What the API and the worker log in as: a role that owns nothing (database/app-role.ts). */
  databaseAppUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /**
   * JWT_SECRET. Empty when unset outside production: the process then uses a random secret made
   * once for its database (runtime-secrets.ts), which PlatformModule puts here before anything reads it.
   */
  jwtSecret: string;
  /**
   * AUDIT_SIGNING_KEY: the HMAC-SHA256 key of the audit checkpoints (design.md §11). Empty when unset
   * outside production, like jwtSecret: then a random key of the database.
   */
  auditSigningKey: string;
  /**
   * MFA_ENCRYPTION_KEY: the key material of the AES-256-GCM key that seals TOTP secrets at rest
   * (crypto/sealed-secret.ts). Empty when unset outside production, like jwtSecret: then a random
   * key of the database. Losing it loses every enrolment (admins reset them; recovery codes remain).
   */
  mfaEncryptionKey: string;
  bootstrapAdminEmail?: string;
  bootstrapAdminPassword?: string;
  emergencyAccessMinutes: number;
  followUpOverdueGraceMinutes: number;
  loginRateLimitPerMinute: number;
  /** LOG_LEVEL: fatal, error, warn, info (default), debug, trace or silent. */
  logLevel: LogLevel;
  /** design.md §9: a session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** design.md §9: and after this many hours whatever happens. */
  sessionMaxHours: number;
  /** design.md §9 MFA_REQUIRED_ROLES: roles whose users must enrol a second factor (empty: none). */
  mfaRequiredRoles: string[];
  /** design.md §9 STEP_UP_MINUTES: how recent a second factor must be for breaking the glass, CSV exports and access logs. */
  stepUpMinutes: number;
  /** design.md §9 UNUSUAL_READERS: more distinct readers of one person in 24 hours than this is flagged. */
  unusualReaders: number;
  /** design.md §9 UNUSUAL_CASES: more distinct cases read by one user in an hour than this is flagged. */
  unusualCases: number;
}

const KNOWN_ROLES = ['professional', 'coordinator', 'analyst', 'admin'];

function roleList(env: Env, name: string, fallback: string[], problems: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const roles = raw
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const unknown = roles.filter((r) => !KNOWN_ROLES.includes(r));
  if (unknown.length > 0) problems.push(`${name} may name only ${KNOWN_ROLES.join(', ')} (got "${unknown.join(', ')}").`);
  return [...new Set(roles)];
}

/**
 * The development default of earlier versions. It is public (it is in this source), so it signs
 * nothing, anywhere: outside production an unset JWT_SECRET means a random secret per database.
 */
export const DEVELOPMENT_JWT_SECRET = 'oneroof-development-secret-do-not-use-in-production';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid: ${problems.join(' ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return fallback;
  }
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: string[], problems: string[]): string {
  const raw = env[name]?.trim() || fallback;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
  } catch {
    problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${raw}").`);
  }
  return raw;
}

const CIDR = /^(.+)\/(\d{1,3})$/;

function trustProxy(env: Env, problems: string[]): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw.toLowerCase() === 'false' || raw.toLowerCase() === 'off') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops >= 1 && hops <= 10) return hops;
    problems.push(`TRUST_PROXY as a hop count must be from 1 to 10 (got "${raw}").`);
    return false;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => {
    const cidr = CIDR.exec(entry);
    const address = cidr ? cidr[1] : entry;
    const family = isIP(address);
    return family === 0 || (cidr !== null && Number(cidr[2]) > (family === 4 ? 32 : 128));
  });
  if (wrong.length > 0) {
    // "true" is refused on purpose: believing every sender's X-Forwarded-For lets any client choose the IP the login limit and the audit see.
    problems.push(
      `TRUST_PROXY must be off, a hop count, or a comma-separated list of proxy addresses or CIDR ranges (not understood: "${wrong.join('", "')}").`,
    );
    return false;
  }
  return entries;
}

/** Reads and validates the environment; throws one ConfigError that names every wrong variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const production = nodeEnv === 'production';

  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret === '') {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production.');
  } else if (jwtSecret === DEVELOPMENT_JWT_SECRET) {
    problems.push('JWT_SECRET must not be the old development default, which is public (unset it outside production to get a random one).');
  } else if (production && jwtSecret.length < 32) {
    problems.push(`JWT_SECRET must be at least 32 characters when NODE_ENV=production (it has ${jwtSecret.length}).`);
  }

  const auditSigningKey = env.AUDIT_SIGNING_KEY ?? '';
  if (auditSigningKey === '') {
    if (production) problems.push('AUDIT_SIGNING_KEY is required when NODE_ENV=production.');
  } else if (auditSigningKey.length < 32) {
    problems.push(`AUDIT_SIGNING_KEY must be at least 32 characters (it has ${auditSigningKey.length}).`);
  } else if (auditSigningKey === jwtSecret) {
    problems.push('AUDIT_SIGNING_KEY must differ from JWT_SECRET.');
  }

  const mfaEncryptionKey = env.MFA_ENCRYPTION_KEY ?? '';
  if (mfaEncryptionKey === '') {
    if (production) problems.push('MFA_ENCRYPTION_KEY is required when NODE_ENV=production.');
  } else if (mfaEncryptionKey.length < 32) {
    problems.push(`MFA_ENCRYPTION_KEY must be at least 32 characters (it has ${mfaEncryptionKey.length}).`);
  } else if (mfaEncryptionKey === jwtSecret || mfaEncryptionKey === auditSigningKey) {
    problems.push('MFA_ENCRYPTION_KEY must differ from JWT_SECRET and AUDIT_SIGNING_KEY.');
  }

  const queuePrefix = env.QUEUE_PREFIX?.trim() || 'oneroof';
  if (!/^[A-Za-z0-9_.:{}-]{1,64}$/.test(queuePrefix)) {
    problems.push(`QUEUE_PREFIX may hold only letters, digits and _ . : { } - (1 to 64 characters; got "${queuePrefix}").`);
  }

  const bootstrapAdminEmail = env.BOOTSTRAP_ADMIN_EMAIL?.trim() || undefined;
  const bootstrapAdminPassword = env.BOOTSTRAP_ADMIN_PASSWORD || undefined;
  if (Boolean(bootstrapAdminEmail) !== Boolean(bootstrapAdminPassword)) {
    problems.push('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together.');
  }
  if (bootstrapAdminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(bootstrapAdminEmail)) {
    problems.push(`BOOTSTRAP_ADMIN_EMAIL must be an email address (got "${bootstrapAdminEmail}").`);
  }
  if (bootstrapAdminPassword && bootstrapAdminPassword.length < 12) {
    problems.push('BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters.');
  }

  const databaseUrl = url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/oneroof', ['postgres:', 'postgresql:'], problems);
  let databaseAppUrl = databaseUrl;
  if (env.DATABASE_APP_URL?.trim()) {
    databaseAppUrl = url(env, 'DATABASE_APP_URL', '', ['postgres:', 'postgresql:'], problems);
  } else {
    try {
      databaseAppUrl = deriveAppUrl(databaseUrl);
    } catch {
      // DATABASE_URL's own problem is reported already.
    }
  }

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}").`);

  const host = env.HOST?.trim() || '0.0.0.0';
  if (isIP(host) === 0 && !/^[A-Za-z0-9.-]{1,253}$/.test(host)) problems.push(`HOST must be an IP address or a host name (got "${host}").`);

  const config: AppConfig = {
    nodeEnv,
    port: integer(env, 'PORT', 3000, 1, 65535, problems),
    workerPort: integer(env, 'WORKER_PORT', 3001, 1, 65535, problems),
    host,
    trustProxy: trustProxy(env, problems),
    databaseUrl,
    databaseAppUrl,
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'], problems),
    queuePrefix,
    jwtSecret,
    auditSigningKey,
    mfaEncryptionKey,
    bootstrapAdminEmail,
    bootstrapAdminPassword,
    emergencyAccessMinutes: integer(env, 'EMERGENCY_ACCESS_MINUTES', 240, 1, 10080, problems),
    followUpOverdueGraceMinutes: integer(env, 'FOLLOW_UP_OVERDUE_GRACE_MINUTES', 1440, 0, 525600, problems),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100000, problems),
    logLevel,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 10080, problems),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 8760, problems),
    mfaRequiredRoles: roleList(env, 'MFA_REQUIRED_ROLES', ['coordinator', 'admin'], problems),
    stepUpMinutes: integer(env, 'STEP_UP_MINUTES', 15, 1, 1440, problems),
    unusualReaders: integer(env, 'UNUSUAL_READERS', 10, 1, 100000, problems),
    unusualCases: integer(env, 'UNUSUAL_CASES', 50, 1, 100000, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
