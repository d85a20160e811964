import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EVENTS_QUEUE, eventsOf, inspectorConnection, type EventJobData } from '@oneroof/notifications';
import { writeOutboxEvents } from '@oneroof/platform';
import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { countRows, ensureWorkerBuild, freePort, ROOT } from './support';

const SIGKILL = 'SIGKILL';

/**
 * A worker process killed with SIGKILL while events are in flight (jobs active in the processor,
 * shown active in BullMQ and blocked in Postgres at the kill; more waiting in Redis), then started
 * again: every recipient gets each notification exactly once. The worker runs from the build, as
 * production runs it, in a process of its own.
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

  it('SIGKILL with jobs active in the processor and more waiting, restart: exactly one notification per event and recipient', async () => {
    const first = spawnWorker();
    const health = await healthy();
    expect(health).toMatchObject({ status: 'ok', relay: { state: 'running', listening: true } });

    // A stream of events, 15 a transaction, 4 recipients each: before, during and after the kill.
    const written: string[] = [];
    let n = 0;
    const writeBatches = async (batches: number) => {
      for (let b = 0; b < batches; b++) {
        const batch = Array.from({ length: 15 }, () => ({
          type: 'emergency_access.granted',
          caseId: null,
          payload: { caseReference: 'MDC-2026-000001', userId: coordinators[0].id, grantId: coordinators[0].id, n: n++ },
        }));
        written.push(...(await ctx.db.transaction((tx) => writeOutboxEvents(tx, batch))));
      }
    };
    const processed = () => countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`);

    await writeBatches(10);
    await waitFor('some events processed by the first worker', async () => (await processed()) >= 100);

    // Hold every job in the middle of its work: inserting a notification checks its foreign key to
    // the recipient, which needs a KEY SHARE lock on that users row, and this transaction holds the
    // row FOR UPDATE. So the jobs taken from here on stay active in BullMQ, their statements waiting
    // in Postgres, and the rest wait in Redis, until the kill.
    const holder = new Client({ connectionString: ctx.config.databaseUrl });
    await holder.connect();
    const queue = new Queue(EVENTS_QUEUE, { connection: inspectorConnection(ctx.config.redisUrl), prefix: ctx.config.queuePrefix });
    let inFlight: string[];
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [coordinators[0].id]);
      await writeBatches(10);
      const workerBackends = `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'oneroof-worker'`;
      inFlight = await waitFor('jobs active in the processor, their statements waiting on the lock', async () => {
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await holder.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (${workerBackends}) w JOIN pg_stat_activity a USING (pid) WHERE a.wait_event_type = 'Lock'`,
          [ctx.databaseName],
        );
        const active = await queue.getJobs(['active']);
        // A job may carry several events (issue 11): every event of an active job is in flight.
        return rows[0].n > 0 && active.length > 0 && active.flatMap((job) => eventsOf(job.data as EventJobData).map((e) => e.eventId));
      });

      process.kill(first.pid!, SIGKILL);
      expect(await exited(first)).toBe(SIGKILL);
      // A killed host's connections go with it; Postgres notices a dead client only when it next
      // writes to it, so end the dead worker's backends as the host's end would (their statements roll back).
      await holder.query(`SELECT pg_terminate_backend(pid) FROM (${workerBackends}) w`, [ctx.databaseName]);
      await waitFor('the dead worker’s backends gone', async () => {
        await holder.query('SELECT pg_stat_clear_snapshot()');
        return (await holder.query(workerBackends, [ctx.databaseName])).rows.length === 0;
      });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
      await queue.close();
    }

    // What the kill interrupted: jobs that were active, with events not processed. A job holds
    // several events, which the worker routes in batches of its own: a batch that committed before
    // the kill may have done some of an active job's events, never all of them.
    expect(inFlight.length).toBeGreaterThan(0);
    const unprocessedInFlight = await countRows(
      ctx,
      `SELECT count(*) AS n FROM outbox_events WHERE id = ANY($1::uuid[]) AND processed_at IS NULL`,
      [inFlight],
    );
    expect(unprocessedInFlight).toBeGreaterThan(0);
    expect(unprocessedInFlight).toBeLessThanOrEqual(inFlight.length);
    const processedAtKill = await processed();
    expect(processedAtKill).toBeGreaterThanOrEqual(100);
    expect(processedAtKill).toBeLessThan(written.length);
    await writeBatches(5); // writes go on while no worker runs
    const total = written.length;

    spawnWorker();
    await healthy();
    await waitFor('every event processed after the restart', async () => (await processed()) === total, 20_000, 100);

    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications`)).toBe(total * coordinators.length);
    expect(
      await countRows(ctx, `SELECT count(*) AS n FROM (SELECT event_id FROM notifications GROUP BY event_id HAVING count(*) <> 4) x`),
    ).toBe(0);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE event_id = ANY($1::uuid[])`, [inFlight])).toBe(
      inFlight.length * coordinators.length,
    );
    for (const coordinator of coordinators) {
      expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE recipient_id = $1`, [coordinator.id])).toBe(total);
    }
    expect(await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE dead_at IS NOT NULL`)).toBe(0);
    // For the record of what the kill interrupted (printed with TEST_LOGS=1).
    if (process.env.TEST_LOGS) console.log({ total, processedAtKill, inFlight: inFlight.length, logs: logs.join('').slice(-2000) });
  }, 45_000);
});
