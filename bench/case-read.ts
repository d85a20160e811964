import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import autocannon, { type Options } from 'autocannon';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

export interface HttpBenchResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
  /** On-CPU time per request of the server process and of its Postgres backends: robust where req/s is not (a shared, loaded machine). */
  nodeCpuMs?: number;
  postgresCpuMs?: number;
}

/** Where a server's time is measured: its process and the application_name its pool gives Postgres. */
export interface CpuProbe {
  pid: number;
  applicationName: string;
  dbUrl: string;
}

/** utime + stime of a process in ms, from /proc (Linux, 100 ticks a second). */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function backendCpu(probe: CpuProbe): Promise<Map<number, number>> {
  const client = new Client({ connectionString: probe.dbUrl });
  await client.connect();
  try {
    // This database only: on a shared server, other checkouts run APIs under the same application_name.
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [probe.applicationName],
    );
    return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
  } finally {
    await client.end();
  }
}

/** Issue 11's set-up: random cases of 300, two persons and two team members each. */
export const BENCH_CASES = 300;
export const BENCH_PERSONS = 600;

/**
 * Case ids are md5('case' || n) shaped as a version-4 UUID (the API validates ids as UUIDs), so the
 * load generator can compute them without asking the database.
 */
const V4_SQL = (expr: string) => `(substr(${expr}, 1, 12) || '4' || substr(${expr}, 14, 3) || '8' || substr(${expr}, 18, 15))::uuid`;
export async function seedCases(dbUrl: string): Promise<{ userId: string; ms: number }> {
  const started = Date.now();
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const [org] = (
      await client.query<{ id: string }>(`INSERT INTO organisations (name, kind) VALUES ('Bench centre', 'centre') RETURNING id`)
    ).rows;
    const [user] = (
      await client.query<{ id: string }>(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ('bench@oneroof.test', 'Bench', 'social_work', '{professional}', $1, 'scrypt$1$1$1$x$x') RETURNING id`,
        [org.id],
      )
    ).rows;
    await client.query(
      `INSERT INTO cases (id, reference, status, urgency, source, summary, created_by, opened_at, updated_at)
       SELECT ${V4_SQL("md5('case' || g)")}, 'MDC-2026-' || lpad(g::text, 6, '0'), 'active', 'regular', 'school', 'Bench case ' || g, $1, now(), now()
         FROM generate_series(0, $2::int - 1) g`,
      [user.id, BENCH_CASES],
    );
    await client.query(`INSERT INTO case_reference_counters (year, last_number) VALUES (2026, $1)`, [BENCH_CASES]);
    await client.query(
      `INSERT INTO case_memberships (case_id, user_id, role, since, added_by)
       SELECT ${V4_SQL("md5('case' || g)")}, $1, 'lead', now(), $1 FROM generate_series(0, $2::int - 1) g`,
      [user.id, BENCH_CASES],
    );
    // The second team member: a colleague of another discipline on every case.
    const [colleague] = (
      await client.query<{ id: string }>(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ('bench-colleague@oneroof.test', 'Bench colleague', 'police', '{professional}', $1, 'scrypt$1$1$1$x$x') RETURNING id`,
        [org.id],
      )
    ).rows;
    await client.query(
      `INSERT INTO case_memberships (case_id, user_id, role, since, added_by)
       SELECT ${V4_SQL("md5('case' || g)")}, $1, 'member', now(), $2 FROM generate_series(0, $3::int - 1) g`,
      [colleague.id, user.id, BENCH_CASES],
    );
    await client.query(
      `INSERT INTO case_persons (id, case_id, first_name, last_name, family_role, involvement, created_by, created_at, updated_at)
       SELECT gen_random_uuid(), ${V4_SQL("md5('case' || (g % $2::int))")}, 'First' || g, 'Last' || g,
              (ARRAY['child','parent','sibling','caregiver','network'])[1 + (g / $2::int) % 5], 'none', $1, now(), now()
         FROM generate_series(0, $3::int - 1) g`,
      [user.id, BENCH_CASES, BENCH_PERSONS],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { userId: user.id, ms: Date.now() - started };
  } finally {
    await client.end();
  }
}

/** The id of bench case n, as seedCases made it. */
export function caseIdOf(n: number): string {
  const hex = createHash('md5').update(`case${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * Starts a built script and resolves once it is ready: when its output matches `ready`, or, for a
 * URL, once that URL answers 200. The API logs at warn in the bench (an info access line per request
 * would be measured too), which hides its "listening" line, so it is asked over HTTP instead.
 */
export function startProcess(
  script: string,
  env: Record<string, string>,
  ready: RegExp | string,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script.startsWith('/') ? script : join(__dirname, '..', script)], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // Generous: on a shared, loaded machine the API has taken over 20 s to start.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start: ${output.slice(-500)}`));
    }, 90_000);
    let done = false;
    const isReady = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(child);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (typeof ready !== 'string' && ready.test(output)) isReady();
    };
    if (typeof ready === 'string') {
      const poll = () => {
        if (done || child.exitCode !== null) return;
        fetch(ready).then(
          (response) => (response.ok ? isReady() : setTimeout(poll, 200)),
          () => setTimeout(poll, 200),
        );
      };
      poll();
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

/** Random cases, 50 connections, against either server; three warm-up seconds first. */
export async function loadCaseReads(
  name: string,
  baseUrl: string,
  token: string | null,
  seconds: number,
  probe?: CpuProbe,
): Promise<HttpBenchResult> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const options = (duration: number): Options => ({
    url: baseUrl,
    connections: 50,
    duration,
    headers,
    requests: [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/cases/${caseIdOf(Math.floor(Math.random() * BENCH_CASES))}` }) },
    ],
  });
  // Warm-up: JIT, pools and caches, so that the first round measured is not the cold one.
  await autocannon(options(3));
  const nodeBefore = probe ? processCpuMs(probe.pid) : 0;
  const pgBefore = probe ? await backendCpu(probe) : new Map<number, number>();
  const result = await autocannon(options(seconds));
  let cpu: Pick<HttpBenchResult, 'nodeCpuMs' | 'postgresCpuMs'> = {};
  if (probe && result.requests.total > 0) {
    const pgAfter = await backendCpu(probe);
    let pgMs = 0;
    // A backend opened during the series started from zero.
    for (const [pid, ms] of pgAfter) pgMs += ms - (pgBefore.get(pid) ?? 0);
    cpu = {
      nodeCpuMs: Number(((processCpuMs(probe.pid) - nodeBefore) / result.requests.total).toFixed(3)),
      postgresCpuMs: Number((pgMs / result.requests.total).toFixed(3)),
    };
  }
  return {
    ...cpu,
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Resident set size of a child process in MB, from /proc (Linux); '?' elsewhere. */
export function rssMb(child: ChildProcess): string {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? (kb / 1024).toFixed(0) : '?';
  } catch {
    return '?';
  }
}
