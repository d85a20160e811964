import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { JwtService } from '@nestjs/jwt';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@oneroof/identity';
import { ensureDatabase, migrate, OUTBOX_CHANNEL } from '@oneroof/platform';
import { startProcess } from './case-read';
import { formatLatency, summarise, type LatencySummary } from './latency';

/**
 * Notifications through the whole pipe (issue 4): commit of an outbox event → relay (LISTEN/NOTIFY)
 * → BullMQ → processor → inbox row, with the real worker process from the build. Measured beside
 * BullMQ's own add → completed latency in the same run, on the same Redis, as the raw baseline.
 * Issue 11: the bursts run with one worker, then again with a second beside it (the speed-up of
 * the second, same run), every event checked to have reached each recipient exactly once; an API
 * process serves inbox reads meanwhile, and the peak RSS of API and workers under the bursts is kept.
 *
 * Standalone: DATABASE_URL=… [REDIS_URL=…] node dist/bench/notifications.js
 */

export interface NotificationsBenchResult {
  /** Commit → inbox row, one event a time at `rate` events/s. */
  pipeline: LatencySummary & { rate: number };
  /** BullMQ add → completed (no-op processor) at the same rate: the floor the pipe stands on. */
  bullmq: LatencySummary & { rate: number };
  /** A burst of single-recipient events written at once: how fast relay and one worker drain it. */
  burst: BurstResult;
  /** A burst of fan-out events (every coordinator), one worker. */
  fanOut: BurstResult;
  /** The same two bursts with two worker processes side by side. */
  twoWorkers: { burst: BurstResult; fanOut: BurstResult };
  /** Peak RSS in MB while the bursts ran: the API (serving inbox reads) and each worker. */
  rss: { api: number; workers: number[] };
  /** Inbox reads the API served during the bursts, and how many were not 200. */
  inboxReads: { total: number; failed: number };
}

export interface BurstResult {
  /** On-CPU ms per event during the drain: the worker processes, their Postgres backends, Redis (shared: other users' work counts too). */
  cpuPerEvent: { worker: number; postgres: number; redis: number };
  /** Each worker's part of the workers' on-CPU time during the drain (two workers: both at work, or one idle). */
  workerShares: number[];
  events: number;
  notifications: number;
  seconds: number;
  eventsPerSecond: number;
  notificationsPerSecond: number;
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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startWorker(distRoot: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
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

export async function stopChild(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  await Promise.race([gone, sleep(5000)]);
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

/**
 * Waits until no event of this database is pending. Asked of the pending index alone, every 25 ms
 * a look-up of each burst event by id would put a load on Postgres of its own size meanwhile.
 */
async function waitDrained(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ pending: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL) AS pending`,
    );
    if (!rows[0].pending) return;
    if (Date.now() > deadline) throw new Error(`events still pending after ${timeoutMs} ms`);
    await sleep(25);
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

/**
 * A burst: `count` events committed in one transaction, then the time until the last is processed.
 * The clock starts at the commit, so that the figure is the pipe's drain rate, not the rate at
 * which this one client can write rows.
 */
async function burst(
  client: Client,
  type: string,
  count: number,
  payloadOf: (i: number) => Record<string, unknown>,
): Promise<{ seconds: number; ids: string[] }> {
  const ids: string[] = [];
  await client.query('BEGIN');
  for (let offset = 0; offset < count; offset += 1000) {
    const n = Math.min(1000, count - offset);
    const payloads = Array.from({ length: n }, (_, k) => payloadOf(offset + k));
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO outbox_events (type, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) AS p RETURNING id`,
      [type, JSON.stringify(payloads)],
    );
    ids.push(...rows.map((r) => r.id));
  }
  await client.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  await client.query('COMMIT');
  const started = performance.now();
  await waitDrained(client, 120_000);
  const seconds = (performance.now() - started) / 1000;
  await waitProcessed(client, ids, 1000);
  return { seconds, ids };
}

/** utime + stime of a process in ms, from /proc (Linux, 100 ticks a second). */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

interface CpuSnapshot {
  worker: number;
  perWorker: number[];
  backends: Map<number, number>;
  redis: number;
}

/** Where a burst's time goes, on CPU: the worker processes, their backends in this database, and Redis. */
async function cpuSnapshot(client: Client, redis: Redis, workers: ChildProcess[]): Promise<CpuSnapshot> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'oneroof-worker%'`,
  );
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return {
    worker: workers.reduce((sum, w) => sum + processCpuMs(w.pid), 0),
    perWorker: workers.map((w) => processCpuMs(w.pid)),
    backends: new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)])),
    redis: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000,
  };
}

function cpuPerEvent(before: CpuSnapshot, after: CpuSnapshot, events: number): BurstResult['cpuPerEvent'] {
  let postgres = 0;
  for (const [pid, ms] of after.backends) postgres += ms - (before.backends.get(pid) ?? 0);
  const per = (ms: number) => Math.round((ms / events) * 1000) / 1000;
  return { worker: per(after.worker - before.worker), postgres: per(postgres), redis: per(after.redis - before.redis) };
}

/** Every event of `ids` has exactly `expected` notifications: none lost, none doubled. */
async function checkExactlyOnce(client: Client, ids: string[], expected: number): Promise<void> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT e.id FROM unnest($1::uuid[]) AS e(id) LEFT JOIN notifications n ON n.event_id = e.id
        GROUP BY e.id HAVING count(n.id) <> $2) wrong`,
    [ids, expected],
  );
  if (Number(rows[0].n) !== 0) throw new Error(`${rows[0].n} of ${ids.length} events do not have exactly ${expected} notifications`);
}

async function measuredBurst(
  client: Client,
  probe: { redis: Redis; workers: ChildProcess[] },
  type: string,
  count: number,
  recipients: number,
  payloadOf: (i: number) => Record<string, unknown>,
): Promise<BurstResult> {
  const before = await cpuSnapshot(client, probe.redis, probe.workers);
  const { seconds, ids } = await burst(client, type, count, payloadOf);
  const after = await cpuSnapshot(client, probe.redis, probe.workers);
  await checkExactlyOnce(client, ids, recipients);
  const spent = after.perWorker.map((ms, i) => ms - (before.perWorker[i] ?? 0));
  const total = Math.max(
    1,
    spent.reduce((a, b) => a + b, 0),
  );
  return {
    cpuPerEvent: cpuPerEvent(before, after, count),
    workerShares: spent.map((ms) => Math.round((ms / total) * 100)),
    events: count,
    notifications: count * recipients,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: Math.round(count / seconds),
    notificationsPerSecond: Math.round((count * recipients) / seconds),
  };
}

/** Peak VmRSS (MB) of each process, sampled every 100 ms while it runs. */
export function rssSampler(children: () => ChildProcess[]) {
  const peak = new Map<number, number>();
  const timer = setInterval(() => {
    for (const child of children()) {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        if (Number.isFinite(kb)) peak.set(child.pid!, Math.max(peak.get(child.pid!) ?? 0, Math.round(kb / 1024)));
      } catch {
        // gone
      }
    }
  }, 100);
  return { peakOf: (child: ChildProcess) => peak.get(child.pid!) ?? 0, stop: () => clearInterval(timer) };
}

/**
 * Users reading their inbox as the web app does, through a real API process, while the bursts
 * run: so that the API's RSS is measured at work, and the reads are seen to keep being served.
 */
function inboxReaders(baseUrl: string, tokens: string[], pauseMs: number) {
  let stopped = false;
  const counts = { total: 0, failed: 0 };
  const loops = tokens.map(async (token) => {
    while (!stopped) {
      const status = await fetch(`${baseUrl}/api/me/notifications?unread=true&limit=20`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        })
        .catch(() => 0);
      counts.total++;
      if (status !== 200) counts.failed++;
      await sleep(pauseMs);
    }
  });
  return {
    counts,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function sessionTokens(client: Client, userIds: string[], secret: string): Promise<string[]> {
  const tokens: string[] = [];
  for (const userId of userIds) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO sessions (user_id, expires_at) VALUES ($1, now() + interval '12 hours') RETURNING id`,
      [userId],
    );
    tokens.push(
      new JwtService().sign(
        { sid: rows[0].id },
        {
          secret,
          algorithm: 'HS256',
          subject: userId,
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          // The bursts and the second worker's start can take minutes on a loaded machine.
          expiresIn: ACCESS_TOKEN_TTL_SECONDS,
        },
      ),
    );
  }
  return tokens;
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

/** Runs against a migrated database (`dbUrl`) and a Redis; starts and stops its own worker and API processes. */
export async function benchNotifications(dbUrl: string, options: NotificationsBenchOptions = {}): Promise<NotificationsBenchResult> {
  const log = options.log ?? (() => undefined);
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  const rate = options.rate ?? 100;
  const seconds = options.seconds ?? 10;
  const prefix = `oneroof-bench-${Date.now().toString(36)}`;
  const distRoot = options.distRoot ?? process.env.BENCH_WORKER_DIST ?? join(__dirname, '..');
  const jwtSecret = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: dbUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, JWT_SECRET: jwtSecret, NODE_ENV: 'development' };
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const workers: ChildProcess[] = [];
  let api: ChildProcess | undefined;
  const rss = rssSampler(() => [...workers, ...(api ? [api] : [])]);
  try {
    const coordinatorCount = options.coordinators ?? 10;
    const { coordinatorIds, userIds } = await seed(client, coordinatorCount, 500);

    const raw = summarise(await bullmqBaseline(redisUrl, prefix, rate, seconds));
    log(formatLatency(`BullMQ add → completed @ ${rate}/s (raw)`, raw));

    // BENCH_WORKER_DIST: an earlier build's worker, for a before/after on the same machine.
    workers.push(await startWorker(distRoot, env, await freePort()));
    const apiPort = await freePort();
    api = await startProcess(
      join(distRoot, 'apps', 'api', 'src', 'main.js'),
      { ...env, PORT: String(apiPort) },
      `http://127.0.0.1:${apiPort}/health/live`,
    );
    // Warm the pipe (connections, prepared paths) before measuring.
    await waitProcessed(client, [await writeEvent(client, 'team.member_added', { userId: userIds[0] })], 10_000);

    const pipeline = summarise(await latencySeries(client, userIds, rate, seconds));
    log(formatLatency(`commit → inbox row @ ${rate}/s`, pipeline));

    // BENCH_INBOX_READERS users (10) reading their inbox every 500 ms (~20 reads/s) through the API while the bursts run:
    // an API at work beside the pipe, not a load test of it (that would measure the API, on the same two cores).
    const readerCount = Number(process.env.BENCH_INBOX_READERS ?? 10);
    const readers = inboxReaders(`http://127.0.0.1:${apiPort}`, await sessionTokens(client, userIds.slice(0, readerCount), jwtSecret), 500);
    // Large enough that a drain lasts seconds, not a fraction of one, on a quiet machine (6,000 events/s).
    const burstEvents = options.burstEvents ?? Number(process.env.BENCH_BURST_EVENTS ?? 20_000);
    const fanOutEvents = options.fanOutEvents ?? Number(process.env.BENCH_FANOUT_EVENTS ?? 3000);
    // Only to ask Redis for its CPU time.
    const probe = { redis: new Redis(redisUrl), workers };
    const cpuLine = (r: BurstResult) =>
      `on-CPU per event: worker ${r.cpuPerEvent.worker} ms, its Postgres backends ${r.cpuPerEvent.postgres} ms, Redis ${r.cpuPerEvent.redis} ms` +
      (r.workerShares.length > 1 ? `; workers' shares of their CPU ${r.workerShares.join(' / ')} %` : '');
    const bursts = async (label: string): Promise<{ burst: BurstResult; fanOut: BurstResult }> => {
      const single = await measuredBurst(client, probe, 'team.member_added', burstEvents, 1, (i) => ({
        caseReference: 'MDC-2026-000002',
        userId: userIds[i % userIds.length],
      }));
      log(
        `${label}: burst of ${burstEvents} single-recipient events: drained in ${single.seconds} s = ${single.eventsPerSecond} events/s, ${single.notificationsPerSecond} notifications/s; ${cpuLine(single)}; load average ${loadavg()[0].toFixed(1)}`,
      );
      const fan = await measuredBurst(client, probe, 'emergency_access.granted', fanOutEvents, coordinatorIds.length, (i) => ({
        caseReference: 'MDC-2026-000003',
        grantId: randomUUID(),
        i,
      }));
      log(
        `${label}: burst of ${fanOutEvents} events to ${coordinatorIds.length} coordinators each: drained in ${fan.seconds} s = ${fan.eventsPerSecond} events/s, ${fan.notificationsPerSecond} notifications/s; ${cpuLine(fan)}; load average ${loadavg()[0].toFixed(1)}`,
      );
      return { burst: single, fanOut: fan };
    };
    let one: { burst: BurstResult; fanOut: BurstResult };
    let two: { burst: BurstResult; fanOut: BurstResult };
    try {
      one = await bursts('one worker');
      workers.push(await startWorker(distRoot, env, await freePort()));
      two = await bursts('two workers');
      // BENCH_BEFORE_WORKER_DIST: the same bursts through an earlier build's worker, alone, in the same run.
      const beforeDist = process.env.BENCH_BEFORE_WORKER_DIST;
      if (beforeDist) {
        const current = workers.splice(0);
        for (const w of current) await stopChild(w);
        workers.push(await startWorker(beforeDist, env, await freePort()));
        const earlier = await bursts('earlier build, one worker');
        log(
          `this build / earlier build, one worker each, same run: single-recipient ${(one.burst.eventsPerSecond / Math.max(1, earlier.burst.eventsPerSecond)).toFixed(2)}x, fan-out ${(one.fanOut.notificationsPerSecond / Math.max(1, earlier.fanOut.notificationsPerSecond)).toFixed(2)}x`,
        );
        workers.splice(0).forEach((w) => void stopChild(w));
        workers.push(...current);
      }
    } finally {
      await readers.stop();
      probe.redis.disconnect();
    }
    log(
      `second worker's speed-up: single-recipient ${(two.burst.eventsPerSecond / Math.max(1, one.burst.eventsPerSecond)).toFixed(2)}x, fan-out ${(two.fanOut.notificationsPerSecond / Math.max(1, one.fanOut.notificationsPerSecond)).toFixed(2)}x; every event reached each recipient exactly once`,
    );
    const result = {
      api: rss.peakOf(api),
      workers: workers.map((w) => rss.peakOf(w)),
    };
    log(
      `peak RSS under the bursts: API ${result.api} MB (serving ${readers.counts.total} inbox reads, ${readers.counts.failed} not 200), workers ${result.workers.join(' MB, ')} MB (goal <= 250 MB each)`,
    );
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT event_id FROM notifications GROUP BY event_id, recipient_id HAVING count(*) > 1) d`,
    );
    if (Number(rows[0].n) !== 0) throw new Error(`${rows[0].n} duplicate notifications`);
    return {
      pipeline: { ...pipeline, rate },
      bullmq: { ...raw, rate },
      burst: one.burst,
      fanOut: one.fanOut,
      twoWorkers: two,
      rss: result,
      inboxReads: { ...readers.counts },
    };
  } finally {
    rss.stop();
    for (const child of [...workers, ...(api ? [api] : [])]) await stopChild(child);
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
        `goals: p50 <= 20 ms ${result.pipeline.p50 <= 20 ? 'met' : 'MISSED'}; p99 <= 100 ms ${result.pipeline.p99 <= 100 ? 'met' : 'MISSED'}; ` +
          `one worker >= 2000 single-recipient events/s ${result.burst.eventsPerSecond >= 2000 ? 'met' : 'MISSED'}; ` +
          `fan-out >= 10000 notifications/s ${result.fanOut.notificationsPerSecond >= 10_000 ? 'met' : 'MISSED'}`,
      );
      process.exit(0);
    })
    .catch((error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    });
}
