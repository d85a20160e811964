import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService, type Discipline, type Role } from '@oneroof/identity';
import { APP_CONFIG, Clock, createDataSource, Db, loadConfig, type AppConfig } from '@oneroof/platform';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { contractValidator } from './contract';
import { createTestDatabase, dropDatabase, uniqueSuffix } from './databases';
import { Factory } from './factory';

/** A clock tests can move; starts at real time so that token expiry and Postgres' now() agree. */
export class TestClock extends Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

export interface TestContext {
  /** The app's own config: DATABASE_URL is the owner (for ctx.db), the API logs in as databaseAppUrl (oneroof_app); secrets left unset are the database's. */
  config: AppConfig;
  app: NestFastifyApplication;
  /** For arranging and inspecting state directly, outside the app (a pool of its own). */
  db: Db;
  dataSource: DataSource;
  clock: TestClock;
  factory: Factory;
  databaseName: string;
  /** Answers so far that broke the committed OpenAPI document (contract.ts); close() fails on any. */
  contractViolations: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Receives the app's log lines, e.g. a JsonLogger writing into an array, to assert what is logged. */
  logger?: LoggerService;
}

/**
 * The API against a database and a queue prefix of this test file's own. Environment overrides go
 * through the same validation as production's.
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const envConfig = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `oneroof-test-${uniqueSuffix()}`,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // design.md §9 requires a second factor of coordinators and admins by default; the many tests
    // that act as one are about something else. Enforcement has its own test, which sets it.
    MFA_REQUIRED_ROLES: '',
    ...env,
  });
  const clock = new TestClock();
  const app = await createApiApp(envConfig, { clock, logger: options.logger ?? (process.env.TEST_LOGS ? undefined : false) });
  const contractViolations = holdToTheDocument(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const config = app.get<AppConfig>(APP_CONFIG);
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 4, applicationName: 'oneroof-test' }).initialize();
  const db = new Db(dataSource);
  const factory = new Factory(db, app.get(TokenService));
  return {
    config,
    app,
    db,
    dataSource,
    clock,
    factory,
    databaseName: database.name,
    contractViolations,
    async close() {
      await app.close();
      await dataSource.destroy();
      await dropDatabase(database.name);
      await dropQueueKeys(config.redisUrl, config.queuePrefix);
      if (contractViolations.length > 0) {
        const shown = [...new Set(contractViolations)].slice(0, 25);
        throw new Error(
          `${contractViolations.length} answers of this file broke the OpenAPI document (libs/api-client/openapi.json):\n  ${shown.join('\n  ')}`,
        );
      }
    },
  };
}

/**
 * Every answer of the app, before it is sent, checked against the committed OpenAPI document
 * (status documented, content type, response schema, and the request body of a success). Installed
 * before init, so that the hook applies to every route Nest registers.
 */
function holdToTheDocument(app: NestFastifyApplication): string[] {
  const violations: string[] = [];
  const validator = contractValidator();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      try {
        const contentType = reply.getHeader('content-type');
        const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
        violations.push(
          ...validator.check({
            method: request.method,
            url: request.url,
            status: reply.statusCode,
            contentType: typeof contentType === 'string' ? contentType : undefined,
            requestBody: request.body,
            payload: body,
          }),
        );
      } catch (error) {
        violations.push(`${request.method} ${request.url}: the contract check failed: ${(error as Error).message}`);
      }
      done(null, payload);
    });
  return violations;
}

/** The file's queue prefix leaves nothing behind in the shared Redis. */
async function dropQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A test that stopped Redis on purpose must not fail its teardown; the keys expire with the server.
  } finally {
    redis.disconnect();
  }
}

export type { Discipline, Role };
