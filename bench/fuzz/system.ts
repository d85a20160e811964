import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { migrate } from '@oneroof/platform';
import { Redis } from 'ioredis';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface System {
  baseUrl: string;
  databaseUrl: string;
  admin: { email: string; password: string };
  /** Every line the API wrote, for the server side of a 5xx. */
  apiLines: string[];
  /** A client of the system's database, for the row check. */
  db: Client;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });

/**
 * The API (and the worker, unless FUZZ_WORKER=0) from the build, as production runs them, on a
 * database and a queue prefix of this run's own, with a bootstrap admin. Everything made here is
 * removed by stop().
 */
export async function startSystem(serverUrl: string, options: { worker: boolean }): Promise<System> {
  const suffix = randomBytes(4).toString('hex');
  const databaseName = `oneroof_fuzz_${suffix}`;
  const databaseUrl = withDatabase(serverUrl, databaseName);
  const queuePrefix = `oneroof-fuzz-${suffix}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await onServer(serverUrl, `CREATE DATABASE "${databaseName}"`);
  const children: ChildProcess[] = [];
  const apiLines: string[] = [];
  const db = new Client({ connectionString: databaseUrl, application_name: 'oneroof-fuzz' });
  const stop = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([Promise.all(children.map(exited)), new Promise((r) => setTimeout(r, 5000))]);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await onServer(serverUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  };
  try {
    await migrate(databaseUrl);
    const port = await freePort();
    const admin = { email: `fuzz.admin.${suffix}@fuzz.oneroof`, password: randomBytes(18).toString('base64url') };
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: queuePrefix,
      PORT: String(port),
      WORKER_PORT: String(await freePort()),
      JWT_SECRET: randomBytes(32).toString('hex'),
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      // The roles sign in with a password alone, so that every operation is reached as each role;
      // the second factor's own routes are fuzzed all the same (as a user without one).
      MFA_REQUIRED_ROLES: '',
    };
    const start = (app: 'api' | 'worker') => {
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let partial = '';
      const take = (chunk: Buffer) => {
        if (app !== 'api') return;
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        apiLines.push(...lines);
      };
      child.stdout?.on('data', take);
      child.stderr?.on('data', take);
      children.push(child);
      return child;
    };
    const api = start('api');
    if (options.worker) start('worker');
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the API exited at start:\n${apiLines.slice(-20).join('\n')}`);
      const ready = await fetch(`${baseUrl}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the API did not become ready:\n${apiLines.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await db.connect();
    return { baseUrl, databaseUrl, admin, apiLines, db, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
