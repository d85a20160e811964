import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { migrate } from '@oneroof/platform';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@oneroof/identity';
import { benchAuditSearch, seedAuditEvents } from './audit-search';
import { benchAuditScale } from './audit-scale';
import { benchNotifications, freePort, rssSampler, startWorker, stopChild } from './notifications';
import { BENCH_CASES, BENCH_PERSONS, loadCaseReads, rssMb, seedCases, startProcess, type HttpBenchResult } from './case-read';
import { formatLatency } from './latency';
import { benchReviewRoster } from './review-roster';
import { benchMonitoring } from './monitoring';

/**
 * `npm run bench`: the performance goals of the issues, measured against a raw baseline in the same
 * run. Prints figures and ratios; asserts nothing (speed is measured, not asserted in tests).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The API and the baselines listen on BENCH_PORT_BASE .. +3 (other benches on a shared machine may hold 3990). */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3990);
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = process.env.BENCH_DATABASE ?? 'oneroof_bench';
const log = (line = '') => process.stdout.write(`${line}\n`);

function dbUrl(): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

async function freshDatabase(): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${databaseName}"`);
  await client.end();
  await migrate(dbUrl());
}

const row = (r: HttpBenchResult) =>
  `${r.name.padEnd(40)} ${String(r.requestsPerSecond).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}   non-2xx ${r.non2xx}   (${r.total} requests)` +
  (r.nodeCpuMs === undefined ? '' : `   CPU/request: node ${r.nodeCpuMs} ms, postgres ${r.postgresCpuMs} ms`);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

interface CaseReadServers {
  api: ChildProcess;
  /** BENCH_BEFORE_DIST: an earlier build's API, measured in the same round. */
  before?: ChildProcess;
  raw: ChildProcess;
  least: ChildProcess;
}

interface CaseReadRound {
  api: HttpBenchResult;
  raw: HttpBenchResult;
  least: HttpBenchResult;
}

/** The three servers one after another under the same load, so that their ratios come from one moment of the machine. */
async function caseReadRound(label: string, token: string, servers: CaseReadServers): Promise<CaseReadRound> {
  const probe = (child: ChildProcess, applicationName: string) => ({ pid: child.pid!, applicationName, dbUrl: dbUrl() });
  const raw = await loadCaseReads(
    `same-SQL baseline @ ${label}`,
    `http://127.0.0.1:${PORT_BASE + 1}`,
    null,
    SECONDS,
    probe(servers.raw, 'bench-same-sql'),
  );
  log(row(raw));
  const least = await loadCaseReads(
    `least-work baseline @ ${label}`,
    `http://127.0.0.1:${PORT_BASE + 2}`,
    token,
    SECONDS,
    probe(servers.least, 'bench-least-work'),
  );
  log(row(least));
  const read = await loadCaseReads(
    `GET /api/cases/:id @ ${label}`,
    `http://127.0.0.1:${PORT_BASE + 0}`,
    token,
    SECONDS,
    probe(servers.api, 'oneroof-api'),
  );
  log(`${row(read)}   API RSS ${rssMb(servers.api)} MB`);
  if (servers.before) {
    // The same load on an earlier build in the same round: a before/after ratio that the machine's noise does not move.
    const earlier = await loadCaseReads(
      `  same, earlier build @ ${label}`,
      `http://127.0.0.1:${PORT_BASE + 3}`,
      token,
      SECONDS,
      probe(servers.before, 'oneroof-api'),
    );
    log(row(earlier));
    log(
      `this build / earlier build @${label}: ${(read.requestsPerSecond / Math.max(1, earlier.requestsPerSecond)).toFixed(2)}x throughput`,
    );
  }
  return { api: read, raw, least };
}

function logRatios(round: CaseReadRound, label: string): void {
  const { api, raw, least } = round;
  const toLeast = api.requestsPerSecond / least.requestsPerSecond;
  if (api.nodeCpuMs !== undefined && least.nodeCpuMs !== undefined) {
    const cost = (r: HttpBenchResult) => (r.nodeCpuMs ?? 0) + (r.postgresCpuMs ?? 0);
    log(
      `on-CPU per request @${label}: API ${cost(api).toFixed(2)} ms, least-work ${cost(least).toFixed(2)} ms, same-SQL ${cost(raw).toFixed(2)} ms; ` +
        `CPU ratio least-work/API ${(cost(least) / cost(api)).toFixed(2)} (the throughput ratio a machine of its own would show, to first order)`,
    );
  }
  const p99ToLeast = api.p99 / Math.max(1, least.p99);
  log(
    `throughput ratio API/same-SQL @${label}: ${(api.requestsPerSecond / raw.requestsPerSecond).toFixed(2)} (goal >= 0.5: ${verdict(api.requestsPerSecond / raw.requestsPerSecond >= 0.5)})`,
  );
  log(`p99 ratio API/same-SQL @${label}: ${(api.p99 / Math.max(1, raw.p99)).toFixed(2)}`);
  log(`throughput ratio API/least-work @${label}: ${toLeast.toFixed(2)} (goal >= 0.6: ${verdict(toLeast >= 0.6)})`);
  log(`p99 ratio API/least-work @${label}: ${p99ToLeast.toFixed(2)} (goal <= 1.5: ${verdict(p99ToLeast <= 1.5)})`);
}

/**
 * The read at a large audit log against the same read at 100k, in the same run (goal <= 1.2x). The
 * least-work baseline's own growth is printed beside it: it does the same audit insert into the same
 * log, so it tells growth of the log from a machine that got busier between the rounds.
 */
function logReadGrowth(small: CaseReadRound, large: CaseReadRound, label: string): void {
  const p50 = large.api.p50 / Math.max(1, small.api.p50);
  const p99 = large.api.p99 / Math.max(1, small.api.p99);
  const throughput = small.api.requestsPerSecond / Math.max(1, large.api.requestsPerSecond);
  const baseline = large.least.p50 / Math.max(1, small.least.p50);
  log(
    `read at ${label} vs 100k audit events: p50 ${p50.toFixed(2)}x (goal <= 1.2: ${verdict(p50 <= 1.2)}), p99 ${p99.toFixed(2)}x, ` +
      `time per request (1/throughput) ${throughput.toFixed(2)}x; least-work baseline p50 ${baseline.toFixed(2)}x`,
  );
}

/**
 * Issue 11's memory figure for the read: a worker beside the API, sealing the reads' audit events
 * (and the seeded backlog, its worst case) while the read load runs; the peak RSS of both. Not a
 * ratio round: the sealer's CPU is taken from the API's two cores.
 */
async function rssUnderReads(env: Record<string, string>, token: string, api: ChildProcess): Promise<void> {
  const worker = await startWorker(join(__dirname, '..'), env, await freePort());
  const rss = rssSampler(() => [api, worker]);
  try {
    const read = await loadCaseReads('GET /api/cases/:id, a worker sealing beside it', `http://127.0.0.1:${PORT_BASE + 0}`, token, SECONDS);
    log(row(read));
    const client = new Client({ connectionString: dbUrl() });
    await client.connect();
    const { rows } = await client.query<{ chained: string; queued: string }>(
      `SELECT (SELECT count(*) FROM audit_chain)::text AS chained, (SELECT count(*) FROM audit_seal_queue)::text AS queued`,
    );
    await client.end();
    log(
      `peak RSS under the read load: API ${rss.peakOf(api)} MB, worker ${rss.peakOf(worker)} MB (goal <= 250 MB each: ${verdict(Math.max(rss.peakOf(api), rss.peakOf(worker)) <= 250)}); ` +
        `the worker had chained ${rows[0].chained} events, ${rows[0].queued} still queued (a later round starts with those chained)`,
    );
  } finally {
    rss.stop();
    await stopChild(worker);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The median over rounds of each ratio and of the CPU per request, each round's ratios taken within that round. */
function logMedianRatios(rounds: CaseReadRound[]): void {
  const cpu = (r: HttpBenchResult) => (r.nodeCpuMs ?? 0) + (r.postgresCpuMs ?? 0);
  const throughput = median(rounds.map((r) => r.api.requestsPerSecond / r.least.requestsPerSecond));
  const p99 = median(rounds.map((r) => r.api.p99 / Math.max(1, r.least.p99)));
  log();
  log(`median of ${rounds.length} rounds:`);
  log(`  throughput ratio API/least-work: ${throughput.toFixed(2)} (goal >= 0.6: ${verdict(throughput >= 0.6)})`);
  log(`  p99 ratio API/least-work: ${p99.toFixed(2)} (goal <= 1.5: ${verdict(p99 <= 1.5)})`);
  log(`  throughput ratio API/same-SQL: ${median(rounds.map((r) => r.api.requestsPerSecond / r.raw.requestsPerSecond)).toFixed(2)}`);
  log(
    `  CPU per request: API node ${median(rounds.map((r) => r.api.nodeCpuMs ?? 0)).toFixed(2)} ms + postgres ${median(rounds.map((r) => r.api.postgresCpuMs ?? 0)).toFixed(2)} ms; ` +
      `least-work node ${median(rounds.map((r) => r.least.nodeCpuMs ?? 0)).toFixed(2)} ms + postgres ${median(rounds.map((r) => r.least.postgresCpuMs ?? 0)).toFixed(2)} ms; ` +
      `CPU ratio least-work/API ${median(rounds.map((r) => cpu(r.least) / cpu(r.api))).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  log(`OneRoof benchmarks, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores`);
  log();
  // BENCH_ONLY=review-roster runs that benchmark alone.
  if (process.env.BENCH_ONLY === 'review-roster') return reviewRosterBench();
  // BENCH_ONLY=monitoring runs only the monitoring figures (issue 13), which need no API process.
  if (process.env.BENCH_ONLY === 'monitoring') return monitoringBench();
  // BENCH_ONLY=notifications: only the notification pipe (issue 4, issue 11).
  if (process.env.BENCH_ONLY === 'notifications') return notificationsBench();
  // BENCH_ONLY=audit-scale: only the audit trail at scale (issue 11), BENCH_AUDIT_EVENTS events (1M).
  if (process.env.BENCH_ONLY === 'audit-scale') return auditScaleBench();
  log('== Audited case read (issue 3) ==');
  await freshDatabase();
  // The seeded events span the last year: give them the month partitions a year of running would
  // have left (the worker makes only this month and those ahead), not the default partition.
  const partitions = new Client({ connectionString: dbUrl() });
  await partitions.connect();
  await partitions.query(
    `SELECT audit_add_month_partitions((date_trunc('month', now()) - make_interval(months => i))::date) FROM generate_series(1, 12) i`,
  );
  await partitions.end();
  const seeded = await seedCases(dbUrl());
  log(`seeded ${BENCH_CASES} cases, ${BENCH_PERSONS} persons in ${seeded.ms} ms`);
  const first = await seedAuditEvents(dbUrl(), { events: 100_000, cases: BENCH_CASES, persons: BENCH_PERSONS, log: () => undefined });
  log(`seeded 100000 audit events in ${first.ms} ms`);

  const jwtSecret = randomBytes(32).toString('hex');
  const env = { DATABASE_URL: dbUrl(), JWT_SECRET: jwtSecret, NODE_ENV: 'development', QUEUE_PREFIX: 'oneroof-bench' };
  // Every access token names its session (design.md §9), which the API checks per request.
  const sessionClient = new Client({ connectionString: dbUrl() });
  await sessionClient.connect();
  const {
    rows: [session],
  } = await sessionClient.query<{ id: string }>(
    `INSERT INTO sessions (user_id, expires_at) VALUES ($1, now() + interval '12 hours') RETURNING id`,
    [seeded.userId],
  );
  await sessionClient.end();
  // A fresh token per round: the API refuses one that lives longer than ACCESS_TOKEN_TTL_SECONDS,
  // and a round can start more than that after the first.
  const token = () =>
    new JwtService().sign(
      { sid: session.id },
      {
        secret: jwtSecret,
        algorithm: 'HS256',
        subject: seeded.userId,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      },
    );
  const children: ChildProcess[] = [];
  try {
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the API under the read load (issue 11's profile).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    // BENCH_API_NODE_ARGS="--trace-gc ...": node flags for the API process only (what a GC setting does to the tail).
    profile.push(...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const api = await startProcess(
      'apps/api/src/main.js',
      { ...env, PORT: String(PORT_BASE + 0) },
      `http://127.0.0.1:${PORT_BASE + 0}/health/live`,
      profile,
    );
    children.push(api);
    const raw = await startProcess(
      'bench/raw-baseline.js',
      { ...env, PORT: String(PORT_BASE + 1), BENCH_USER_ID: seeded.userId },
      /raw baseline on/,
    );
    children.push(raw);
    const least = await startProcess('bench/least-work-baseline.js', { ...env, PORT: String(PORT_BASE + 2) }, /least-work baseline on/);
    children.push(least);
    const beforeDist = process.env.BENCH_BEFORE_DIST;
    const before = beforeDist
      ? await startProcess(
          `${beforeDist}/apps/api/src/main.js`,
          { ...env, PORT: String(PORT_BASE + 3) },
          `http://127.0.0.1:${PORT_BASE + 3}/health/live`,
        )
      : undefined;
    if (before) children.push(before);
    const small = await caseReadRound('~100k audit events', token(), { api, raw, least, before });
    if (process.env.BENCH_ONLY === 'case-read') {
      logRatios(small, '100k');
      // BENCH_READ_ROUNDS=n: n rounds one after another, then the median ratios (a loaded machine moves between rounds).
      const rounds = [small];
      for (let n = 2; n <= Number(process.env.BENCH_READ_ROUNDS ?? 1); n++) {
        log();
        const round = await caseReadRound(`~100k audit events, round ${n}`, token(), { api, raw, least, before });
        logRatios(round, `100k round ${n}`);
        rounds.push(round);
      }
      if (rounds.length > 1) logMedianRatios(rounds);
      // BENCH_READ_AUDIT_EVENTS with BENCH_ONLY=case-read: straight on to that many events, then
      // the same round, and the read's growth against the rounds at 100k (issue 11's 10M figure).
      const target = Number(process.env.BENCH_READ_AUDIT_EVENTS ?? 0);
      if (target > 100_000) {
        const more = await seedAuditEvents(dbUrl(), {
          events: target - 100_000,
          cases: BENCH_CASES,
          persons: BENCH_PERSONS,
          log: () => undefined,
        });
        log(`seeded ${target - 100_000} more audit events in ${more.ms} ms (${target} in all)`);
        const large = await caseReadRound(`~${target / 1_000_000}M audit events`, token(), { api, raw, least, before });
        logRatios(large, `${target / 1_000_000}M`);
        logReadGrowth(rounds[rounds.length - 1], large, `${target / 1_000_000}M`);
      }
      await rssUnderReads(env, token(), api);
      return;
    }
    const rest = await seedAuditEvents(dbUrl(), { events: 900_000, cases: BENCH_CASES, persons: BENCH_PERSONS, log: () => undefined });
    log(
      `seeded 900000 more audit events in ${rest.ms} ms (seeding in all: ${seeded.ms + first.ms + rest.ms} ms for ${BENCH_CASES} cases, ${BENCH_PERSONS} persons, 1M events)`,
    );
    const large = await caseReadRound('~1M audit events', token(), { api, raw, least, before });

    const growth = large.api.p50 / Math.max(1, small.api.p50);
    log();
    logRatios(large, '1M');
    log(
      `errors: ${large.api.errors + large.api.non2xx + small.api.errors + small.api.non2xx} (goal 0: ${verdict(large.api.errors + large.api.non2xx + small.api.errors + small.api.non2xx === 0)})`,
    );
    log(`read p50 at 1M vs 100k audit events: ${growth.toFixed(2)}x (goal <= 1.3: ${verdict(growth <= 1.3)})`);
    await rssUnderReads(env, token(), api);

    // Issue 11: the read at 10M audit events against 100k. Minutes of seeding, so only when asked
    // for (BENCH_READ_AUDIT_EVENTS, or the 10M audit run's BENCH_AUDIT_EVENTS).
    const target = Number(process.env.BENCH_READ_AUDIT_EVENTS ?? process.env.BENCH_AUDIT_EVENTS ?? 0);
    if (target > 1_000_000) {
      const more = await seedAuditEvents(dbUrl(), {
        events: target - 1_000_000,
        cases: BENCH_CASES,
        persons: BENCH_PERSONS,
        log: () => undefined,
      });
      log(`seeded ${target - 1_000_000} more audit events in ${more.ms} ms (${target} in all)`);
      const huge = await caseReadRound(`~${target / 1_000_000}M audit events`, token(), { api, raw, least, before });
      log();
      logRatios(huge, `${target / 1_000_000}M`);
      logReadGrowth(small, huge, `${target / 1_000_000}M`);
    }
  } finally {
    await stopAll(children);
  }
  if (process.env.BENCH_ONLY === 'case-read') return;

  log();
  log('== Audit search by case at 1M events (issue 3) ==');
  const search = await benchAuditSearch(dbUrl(), { log });
  log(`audit search by case p95 ${search.firstPage.p95} ms (goal < 10 ms: ${verdict(search.firstPage.p95 < 10)})`);

  await notificationsBench();
  await reviewRosterBench();
  await monitoringBench();
  // Minutes at 10M: in the whole run only when asked for (BENCH_AUDIT_EVENTS=10000000).
  if (process.env.BENCH_AUDIT_EVENTS) await auditScaleBench();
}

/** The audit trail partitioned by month, at BENCH_AUDIT_EVENTS events (issue 11, design.md §11), on a database of its own. */
async function auditScaleBench(): Promise<void> {
  const events = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  if (!Number.isInteger(events) || events < 200_000) throw new Error('BENCH_AUDIT_EVENTS must be an integer of at least 200000');
  const url = await ownDatabase('audit_scale');
  log();
  log(`== Audit at scale: ${events} events over 13 month partitions (issue 11) ==`);
  const r = await benchAuditScale(url.toString(), { events, log });
  const p95 = Math.max(r.search.case.p95, r.search.actor.p95, r.search.person.p95);
  log(
    `audit search p95 by case ${r.search.case.p95} ms, actor ${r.search.actor.p95} ms, person ${r.search.person.p95} ms (goal <= 10 ms: ${verdict(p95 <= 10)})`,
  );
  log(
    `audit write p50 at ${events} vs 100k events: ${r.write.ratio.toFixed(2)}x (goal for the read <= 1.2: ${verdict(r.write.ratio <= 1.2)})`,
  );
  log(
    `incremental verify after 10k new events, sealing them included: ${r.incremental.ms} ms (goal <= 1000 ms: ${verdict(r.incremental.ms <= 1000 && r.incremental.valid)}); ` +
      `sealed apart: seal ${r.incremental.split.sealMs} ms + verify ${r.incremental.split.verifyMs} ms`,
  );
  log(`full verify: ${r.full.eventsPerSecond} events/s (goal >= 200000: ${verdict(r.full.eventsPerSecond >= 200_000 && r.full.valid)})`);
}

/** SIGTERM and wait for the exit, so that a CPU profile is written before the next series starts. */
async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** A migrated database of its own for one benchmark, `<bench database>_<suffix>`, made anew; its URL. */
async function ownDatabase(suffix: string): Promise<URL> {
  const name = `${databaseName}_${suffix}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url;
}

/** The review roster for a date at 10,000 open cases (issue 12), on a database of its own. */
async function reviewRosterBench(): Promise<void> {
  const url = await ownDatabase('roster');
  log();
  log('== Review roster at 10,000 open cases (issue 12) ==');
  const result = await benchReviewRoster(url.toString(), { log });
  log(formatLatency('GET /api/review-roster, lead of every case', result.lead));
  log(formatLatency('GET /api/review-roster, coordinator', result.coordinator));
  const worst = Math.max(result.lead.p95, result.coordinator.p95);
  log(`review roster p95 ${worst} ms (goal < 200 ms: ${verdict(worst < 200)})`);
}

/**
 * The notifications pipe (issue 4) on a database of its own: the case-read database holds a million
 * unsealed audit events whose sealing by the bench worker would be measured instead.
 */
async function notificationsBench(): Promise<void> {
  const url = await ownDatabase('notifications');
  log();
  log('== Notifications: outbox -> BullMQ -> inbox, one worker, then two (issue 4, issue 11) ==');
  const result = await benchNotifications(url.toString(), { redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', log });
  log(
    `commit -> inbox p50 ${result.pipeline.p50} ms (goal <= 20: ${verdict(result.pipeline.p50 <= 20)}), p99 ${result.pipeline.p99} ms (goal <= 100: ${verdict(result.pipeline.p99 <= 100)})`,
  );
  log(
    `ratio of pipeline p50 to BullMQ's own add -> completed p50: ${(result.pipeline.p50 / Math.max(0.001, result.bullmq.p50)).toFixed(1)}x`,
  );
  log(
    `one worker: ${result.burst.eventsPerSecond} single-recipient events/s (goal >= 2000: ${verdict(result.burst.eventsPerSecond >= 2000)}); fan-out ${result.fanOut.notificationsPerSecond} notifications/s (goal >= 10000: ${verdict(result.fanOut.notificationsPerSecond >= 10_000)})`,
  );
  log(
    `two workers: ${result.twoWorkers.burst.eventsPerSecond} single-recipient events/s (${(result.twoWorkers.burst.eventsPerSecond / Math.max(1, result.burst.eventsPerSecond)).toFixed(2)}x one); fan-out ${result.twoWorkers.fanOut.notificationsPerSecond} notifications/s (${(result.twoWorkers.fanOut.notificationsPerSecond / Math.max(1, result.fanOut.notificationsPerSecond)).toFixed(2)}x one)`,
  );
  const worst = Math.max(result.rss.api, ...result.rss.workers);
  log(
    `RSS under the bursts: API ${result.rss.api} MB, workers ${result.rss.workers.join(' / ')} MB (goal <= 250 MB each: ${verdict(worst <= 250)})`,
  );
}

/** Issue 13: a year of monitoring figures by month, on a database of its own. */
async function monitoringBench(): Promise<void> {
  const url = await ownDatabase('monitoring');
  log();
  log('== Monitoring indicators: a year by month at 10k cases and 1M audit events (issue 13) ==');
  const result = await benchMonitoring(url.toString(), { log });
  log(
    `indicators for 2025 by month: p50 ${result.byMonth.p50} ms, ${result.rows} rows (goal < 500 ms: ${verdict(result.byMonth.p50 < 500)})`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
