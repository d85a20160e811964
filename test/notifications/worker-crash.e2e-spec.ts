import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { writeOutboxEvents } from '@oneroof/platform';
import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import { countRows, ensureWorkerBuild, freePort, ROOT, sleep, waitFor } from './support';

/**
 * A worker process killed with SIGKILL while events are in flight (claimed by the relay, waiting in
 * Redis, active in the processor), then started again: every recipient gets each notification
 * exactly once. The worker runs from the build, as production runs it, in a process of its own.
 */
describe('notifications: worker killed mid-flight', () => {
  let ctx: TestContext;
  let coordinators: TestUser[];
  let port: number;
  const children: ChildProcess[] = [];
  const logs: string[] = [];

  /** The built worker with test intervals: a job of a dead worker comes back after ~1 s, a lost hand-over after 1.5 s. */
  function spawnWorker(): ChildProcess {
    const bootstrap = join(ROOT, 'dist', 'apps', 'worker', 'src', 'bootstrap.js');
    const platform = join(ROOT, 'dist', 'libs', 'platform', 'src', 'index.js');
    const script = `
      const { createWorkerApp } = require(${JSON.stringify(bootstrap)});
      const { loadConfig } = require(${JSON.stringify(platform)});
      createWorkerApp(loadConfig(), { logger: false, notifications: { relayPollMs: 100, staleCheckMs: 250, reRelayAfterMs: 1500, jobLockMs: 1000, redisTimeoutMs: 1000 } })
        .then((w) => process.once('SIGTERM', () => w.close().finally(() => process.exit(0))))
        .catch((e) => { console.error(e); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: ctx.config.databaseUrl,
        REDIS_URL: ctx.config.redisUrl,
        QUEUE_PREFIX: ctx.config.queuePrefix,
        WORKER_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => logs.push(String(d)));
    child.stderr?.on('data', (d) => logs.push(String(d)));
    children.push(child);
    return child;
  }

  async function healthy(): Promise<Record<string, unknown>> {
    return waitFor(
      'worker /health',
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as { relay?: { state?: string } } & Record<string, unknown>;
        // Health answers 200 while the relay is still starting; wait for it to run.
        return body.relay?.state === 'running' ? body : undefined;
      },
      15_000,
      50,
    );
  }

  const exited = (child: ChildProcess) =>
    new Promise<NodeJS.Signals | number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? child.exitCode);
      else child.once('exit', (code, signal) => resolve(signal ?? code));
    });

  beforeAll(async () => {
    ensureWorkerBuild();
    ctx = await createTestApp();
    port = await freePort();
    coordinators = await Promise.all(Array.from({ length: 4 }, () => ctx.factory.coordinator()));
  }, 120_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    }
    await ctx?.close();
  });

  it('SIGKILL in the middle of a stream of events, restart: exactly one notification per event and recipient', async () => {
    const first = spawnWorker();
    const health = await healthy();
    expect(health).toMatchObject({ status: 'ok', relay: { state: 'running', listening: true } });

    // A steady stream: 15 events every 10 ms for ~1.2 s, 4 recipients each.
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        const batch = Array.from({ length: 15 }, () => ({
          type: 'emergency_access.granted',
          caseId: null,
          payload: { caseReference: 'MDC-2026-000001', userId: coordinators[0].id, grantId: coordinators[0].id, n: n++ },
        }));
        written.push(...(await ctx.db.transaction((tx) => writeOutboxEvents(tx, batch))));
        await sleep(10);
      }
    })();

    await waitFor(
      'some events processed by the first worker',
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`)) >= 100,
    );
    process.kill(first.pid!, 'SIGKILL');
    expect(await exited(first)).toBe('SIGKILL');
    const processedAtKill = await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`);
    const relayedUnprocessedAtKill = await countRows(
      ctx,
      `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL AND relayed_at IS NOT NULL`,
    );

    await sleep(300); // writes go on while no worker runs
    writing = false;
    await writer;
    const total = written.length;
    expect(processedAtKill).toBeGreaterThan(0);
    expect(processedAtKill).toBeLessThan(total);

    spawnWorker();
    await healthy();
    await waitFor(
      'every event processed after the restart',
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`)) === total,
      20_000,
      100,
    );

    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications`)).toBe(total * coordinators.length);
    expect(
      await countRows(ctx, `SELECT count(*) AS n FROM (SELECT event_id FROM notifications GROUP BY event_id HAVING count(*) <> 4) x`),
    ).toBe(0);
    for (const coordinator of coordinators) {
      expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE recipient_id = $1`, [coordinator.id])).toBe(total);
    }
    expect(await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE dead_at IS NOT NULL`)).toBe(0);
    // For the record of what the kill interrupted (printed with TEST_LOGS=1).
    if (process.env.TEST_LOGS) console.log({ total, processedAtKill, relayedUnprocessedAtKill, logs: logs.join('').slice(-2000) });
  }, 45_000);
});
