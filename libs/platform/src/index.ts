export { APP_CONFIG, ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig, type AppConfig } from './config/app-config';
export { requestContext, type RequestContext } from './context/request-context';
export { Db, Tx, type QueryOptions, type QueryResult, type TransactionOptions } from './database/db';
export { staleVersion, updateVersioned, type VersionedUpdate } from './database/optimistic-lock';
export { createDataSource } from './database/data-source';
export { allMigrations } from './database/migrations';
export { checkDatabase, ensureDatabase, migrate, redactUrl, ServiceUnreachableError, POSTGRES_HINT } from './database/ensure-database';
export { DEFAULT_APP_ROLE, deriveAppUrl, roleOf } from './database/app-role';
export { createRedis, checkRedis, REDIS_HINT } from './redis/redis';
export {
  DomainError,
  domainErrorOf,
  invalid,
  notFound,
  PlatformError,
  type DomainErrorExtras,
  type DomainErrorKind,
  type FieldProblem,
  type PlatformErrorCode,
  type TypedDomainError,
} from './errors/domain-error';
export { JsonLogger, createPino, scrubText, LOG_LEVELS, REDACTED, type LogLevel } from './logging/json-logger';
export { Clock, SystemClock } from './clock';
export { PlatformModule, type PlatformOptions } from './platform.module';
export { DEFAULT_LIMIT, MAX_LIMIT, decodeCursor, encodeCursor, toPage, type CursorPart, type Page } from './pagination';
export { writeOutboxEvents, OUTBOX_CHANNEL, type OutboxEvent } from './events/outbox';
export { scheduleTimer, cancelTimers, fireDueTimers, type TimerSpec } from './events/timers';
export { IDEMPOTENCY_KEY_RETENTION_MS, pruneIdempotencyKeys } from './retention/idempotency-retention';
export { iso } from './iso';
export * from './working-days';
export {
  isSealed,
  secretSealer,
  totpSecretContext,
  SealedSecretError,
  SEALED_PREFIX,
  TOTP_SECRET_PURPOSE,
  type SecretSealer,
} from './crypto/sealed-secret';
