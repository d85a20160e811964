import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { TestContext } from '@oneroof/testing';
import request from 'supertest';
import { createWorkerApp, type WorkerApp, type WorkerAppOptions } from '../../apps/worker/src/bootstrap';

export const ROOT = resolve(__dirname, '..', '..');

/** Intervals short enough for tests; the defaults are for production. */
export const FAST = { relayPollMs: 100, staleCheckMs: 250, timerIntervalMs: 50, redisTimeoutMs: 1000 };

export function startWorker(ctx: Pick<TestContext, 'config' | 'clock'>, options: WorkerAppOptions = {}): Promise<WorkerApp> {
  return createWorkerApp(ctx.config, {
    clock: ctx.clock,
    logger: process.env.TEST_LOGS ? undefined : false,
    health: false,
    ...options,
    notifications: { ...FAST, ...options.notifications },
  });
}

/** Opens a case through the API as `lead` and returns its id and reference. */
export async function openCase(ctx: TestContext, lead: { auth: string }): Promise<{ id: string; reference: string }> {
  const response = await request(ctx.app.getHttpServer())
    .post('/api/cases')
    .set('Authorization', lead.auth)
    .send({ urgency: 'regular', source: 'school', summary: 'Concerns raised by the school' });
  if (response.status !== 201) throw new Error(`opening a case: ${response.status} ${response.text}`);
  return { id: response.body.id, reference: response.body.reference };
}

export async function inbox(
  ctx: TestContext,
  user: { auth: string },
  query = '',
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const response = await request(ctx.app.getHttpServer()).get(`/api/me/notifications${query}`).set('Authorization', user.auth);
  if (response.status !== 200) throw new Error(`inbox: ${response.status} ${response.text}`);
  return response.body;
}

export async function countRows(ctx: TestContext, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await ctx.db.query<{ n: string }>(sql, params);
  return Number(row.n);
}

export async function freePort(): Promise<number> {
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

function newestSource(dir: string): number {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (item.name.endsWith('.ts') && !item.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The worker as production runs it, built first when the build is missing or older than the sources. */
export function ensureWorkerBuild(): string {
  const entry = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
  const stamp = join(ROOT, 'dist', '.build-stamp');
  const stale =
    !existsSync(entry) || !existsSync(stamp) || ['apps', 'libs'].some((dir) => newestSource(join(ROOT, dir)) > statSync(stamp).mtimeMs);
  if (stale) {
    try {
      execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      // A type error elsewhere in the tree still emits JavaScript; only a missing entry point is fatal.
      if (!existsSync(entry)) throw new Error(`npm run build made no ${entry}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
  }
  return entry;
}
