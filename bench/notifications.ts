import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Client } from 'pg';
import { ensureDatabase, migrate, OUTBOX_CHANNEL } from '@oneroof/platform';
import { rssMb } from './case-read';
import { formatLatency, summarise, type LatencySummary } from './latency';

/**
 * Notifications through the whole pipe (issue 4): commit of an outbox event → relay (LISTEN/NOTIFY)
 * → BullMQ → processor → inbox row, with the real worker process from the build. Measured beside
 * BullMQ's own add → completed latency in the same run, on the same Redis, as the raw baseline.
 *
 * Standalone: DATABASE_URL=… [REDIS_URL=…] node dist/bench/notifications.js
 */

export interface NotificationsBenchResult {
  /** Commit → inbox row, one event a time at `rate` events/s. */
  pipeline: LatencySummary & { rate: number };
  /** BullMQ add → completed (no-op processor) at the same rate: the floor the pipe stands on. */
  bullmq: LatencySummary & { rate: number };
  /** A burst of single-recipient events written at once: how fast relay and worker drain it. */
  burst: { events: number; notifications: number; seconds: number; eventsPerSecond: number; notificationsPerSecond: number };
  /** A burst of fan-out events (every coordinator). */
  fanOut: { events: number; notifications: number; seconds: number; eventsPerSecond: number; notificationsPerSecond: number };
}

export interface NotificationsBenchOptions {
  redisUrl?: string;
  /** Events per second for the latency series (default 100). */
  rate?: number;
  /** Seconds of each latency series (default 10). */
  seconds?: number;
  burstEvents?: number;
  fanOutEvents?: number;
  coordinators?: number;
  /** Root of the build (holds apps/worker/src/main.js); default: the folder above this file. */
  distRoot?: string;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with sub-millisecond precision, comparable with Postgres' timestamps. */
const nowMs = () => performance.timeOrigin + performance.now();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startWorker(distRoot: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(distRoot, 'apps', 'worker', 'src', 'main.js')], {
    env: { ...process.env, ...env, WORKER_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Generous: on a shared, loaded machine a start has taken over 20 s.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('the worker did not become healthy in 90 s');
    await sleep(100);
  }
}

async function seed(client: Client, coordinators: number, professionals: number): Promise<{ coordinatorIds: string[]; userIds: string[] }> {
  const [{ id: organisationId }] = (
    await client.query<{ id: string }>(`INSERT INTO organisations (name, kind) VALUES ($1, 'centre') RETURNING id`, [
      `bench ${randomUUID()}`,
    ])
  ).rows;
  const insert = async (n: number, roles: string[]) =>
    (
      await client.query<{ id: string }>(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         SELECT 'bench-' || gen_random_uuid() || '@bench.oneroof', 'bench user', 'social_work', $2, $3, 'x' FROM generate_series(1, $1)
         RETURNING id`,
        [n, roles, organisationId],
      )
    ).rows.map((r) => r.id);
  return {
    coordinatorIds: await insert(coordinators, ['professional', 'coordinator']),
    userIds: await insert(professionals, ['professional']),
  };
}

/** One event per transaction, as a request writes it (the same SQL as writeOutboxEvents). */
async function writeEvent(client: Client, type: string, payload: Record<string, unknown>): Promise<string> {
  await client.query('BEGIN');
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO outbox_events (type, case_id, payload) VALUES ($1, NULL, $2) RETURNING id`,
    [type, payload],
  );
  await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  await client.query('COMMIT');
  return rows[0].id;
}

async function waitProcessed(client: Client, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM outbox_events WHERE id = ANY($1::uuid[]) AND processed_at IS NULL`,
      [ids],
    );
    if (Number(rows[0].n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} of ${ids.length} events still unprocessed after ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function latencySeries(client: Client, userIds: string[], rate: number, seconds: number): Promise<number[]> {
  const committed = new Map<string, number>();
  const total = rate * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = await writeEvent(client, 'team.member_added', {
      caseReference: 'MDC-2026-000001',
      userId: userIds[i % userIds.length],
      role: 'member',
    });
    committed.set(id, nowMs());
  }
  const ids = [...committed.keys()];
  await waitProcessed(client, ids, 60_000);
  const { rows } = await client.query<{ event_id: string; at: number }>(
    `SELECT event_id, extract(epoch FROM created_at) * 1000 AS at FROM notifications WHERE event_id = ANY($1::uuid[])`,
    [ids],
  );
  // The commit is stamped after COMMIT returned, the inbox row at the start of the processing
  // transaction: both ends err towards a shorter figure by well under a millisecond.
  return rows.map((r) => Math.max(0, Number(r.at) - committed.get(r.event_id)!));
}

async function burst(
  client: Client,
  type: string,
  count: number,
  payloadOf: (i: number) => Record<string, unknown>,
): Promise<{ seconds: number; ids: string[] }> {
  const started = performance.now();
  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += 500) {
    const n = Math.min(500, count - offset);
    const payloads = Array.from({ length: n }, (_, k) => payloadOf(offset + k));
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO outbox_events (type, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) AS p RETURNING id`,
      [type, JSON.stringify(payloads)],
    );
    await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    await client.query('COMMIT');
    ids.push(...rows.map((r) => r.id));
  }
  await waitProcessed(client, ids, 120_000);
  return { seconds: (performance.now() - started) / 1000, ids };
}

async function bullmqBaseline(redisUrl: string, prefix: string, rate: number, seconds: number): Promise<number[]> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('bench-raw', { connection, prefix });
  const events = new QueueEvents('bench-raw', { connection, prefix });
  const worker = new Worker('bench-raw', async () => undefined, { connection, prefix, concurrency: 32 });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
  const added = new Map<string, number>();
  const latencies: number[] = [];
  const total = rate * seconds;
  const done = new Promise<void>((resolve) => {
    worker.on('completed', (job) => {
      const at = added.get(job.id!);
      if (at !== undefined) latencies.push(performance.now() - at);
      if (latencies.length === total) resolve();
    });
  });
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const id = randomUUID();
    added.set(id, performance.now());
    await queue.add('noop', { i }, { jobId: id, removeOnComplete: true });
  }
  await Promise.race([done, sleep(30_000)]);
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return latencies;
}

/** Runs against a migrated database (`dbUrl`) and a Redis; starts and stops its own worker process. */
export async function benchNotifications(dbUrl: string, options: NotificationsBenchOptions = {}): Promise<NotificationsBenchResult> {
  const log = options.log ?? (() => undefined);
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const rate = options.rate ?? 100;
  const seconds = options.seconds ?? 10;
  const prefix = `oneroof-bench-${Date.now().toString(36)}`;
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  let worker: ChildProcess | undefined;
  try {
    const { coordinatorIds, userIds } = await seed(client, options.coordinators ?? 10, 500);

    const raw = summarise(await bullmqBaseline(redisUrl, prefix, rate, seconds));
    log(formatLatency(`BullMQ add → completed @ ${rate}/s (raw)`, raw));

    worker = await startWorker(
      // BENCH_WORKER_DIST: an earlier build's worker, for a before/after on the same machine.
      options.distRoot ?? process.env.BENCH_WORKER_DIST ?? join(__dirname, '..'),
      { DATABASE_URL: dbUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix },
      await freePort(),
    );
    // Warm the pipe (connections, prepared paths) before measuring.
    await waitProcessed(client, [await writeEvent(client, 'team.member_added', { userId: userIds[0] })], 10_000);

    const pipeline = summarise(await latencySeries(client, userIds, rate, seconds));
    log(formatLatency(`commit → inbox row @ ${rate}/s`, pipeline));

    const burstEvents = options.burstEvents ?? 5000;
    const single = await burst(client, 'team.member_added', burstEvents, (i) => ({
      caseReference: 'MDC-2026-000002',
      userId: userIds[i % userIds.length],
    }));
    const burstResult = {
      events: burstEvents,
      notifications: burstEvents,
      seconds: Math.round(single.seconds * 100) / 100,
      eventsPerSecond: Math.round(burstEvents / single.seconds),
      notificationsPerSecond: Math.round(burstEvents / single.seconds),
    };
    log(
      `burst of ${burstEvents} single-recipient events: drained in ${burstResult.seconds} s = ${burstResult.eventsPerSecond} events/s, ${burstResult.notificationsPerSecond} notifications/s`,
    );

    const fanOutEvents = options.fanOutEvents ?? 1000;
    const fan = await burst(client, 'emergency_access.granted', fanOutEvents, (i) => ({
      caseReference: 'MDC-2026-000003',
      grantId: randomUUID(),
      i,
    }));
    const fanNotifications = fanOutEvents * coordinatorIds.length;
    const fanOut = {
      events: fanOutEvents,
      notifications: fanNotifications,
      seconds: Math.round(fan.seconds * 100) / 100,
      eventsPerSecond: Math.round(fanOutEvents / fan.seconds),
      notificationsPerSecond: Math.round(fanNotifications / fan.seconds),
    };
    log(
      `burst of ${fanOutEvents} events to ${coordinatorIds.length} coordinators each: drained in ${fanOut.seconds} s = ${fanOut.eventsPerSecond} events/s, ${fanOut.notificationsPerSecond} notifications/s`,
    );
    log(`worker RSS after the bursts: ${rssMb(worker)} MB (goal <= 250 MB)`);
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT event_id FROM notifications GROUP BY event_id, recipient_id HAVING count(*) > 1) d`,
    );
    if (Number(rows[0].n) !== 0) throw new Error(`${rows[0].n} duplicate notifications`);
    return { pipeline: { ...pipeline, rate }, bullmq: { ...raw, rate }, burst: burstResult, fanOut };
  } finally {
    if (worker?.pid && worker.exitCode === null) {
      const gone = new Promise((r) => worker!.once('exit', r));
      process.kill(worker.pid, 'SIGTERM');
      await Promise.race([gone, sleep(5000)]);
    }
    await client.end();
  }
}

if (require.main === module) {
  const dbUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/oneroof_bench';
  const log = (line: string) => process.stdout.write(`${line}\n`);
  ensureDatabase(dbUrl)
    .then(() => migrate(dbUrl))
    .then(() => benchNotifications(dbUrl, { redisUrl: process.env.REDIS_URL, seconds: Number(process.env.BENCH_SECONDS ?? 10), log }))
    .then((result) => {
      log(
        `goals: p50 < 50 ms ${result.pipeline.p50 < 50 ? 'met' : 'MISSED'}; p99 < 500 ms ${result.pipeline.p99 < 500 ? 'met' : 'MISSED'}; ` +
          `>= 1000 notifications/s ${Math.max(result.burst.notificationsPerSecond, result.fanOut.notificationsPerSecond) >= 1000 ? 'met' : 'MISSED'}`,
      );
      process.exit(0);
    })
    .catch((error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    });
}
