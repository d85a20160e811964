import { existsSync } from 'node:fs';
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

/** The worker as production runs it: built by the run's global set-up (a build here would delete dist/web under a browser file next door). */
export function ensureWorkerBuild(): string {
  const entry = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: the global set-up of the test run builds it.`);
  return entry;
}
