import { performance } from 'node:perf_hooks';
import { buildAuditSearch } from '@oneroof/audit';
import { encodeCursor } from '@oneroof/platform';
import { Client } from 'pg';
import { formatLatency, summarise, type LatencySummary } from './latency';

/**
 * Audit search by case (design.md §4 GET /api/audit/events?caseId=, and the case access log), at the
 * scale of a centre's trail: run against a database that already holds about a million audit
 * events. It times exactly the SQL AuditSearch runs (buildAuditSearch), first page and second page
 * (keyset cursor), over random cases, and a `SELECT 1` round trip as the raw baseline of the run.
 *
 * Standalone: DATABASE_URL=… node dist/bench/audit-search.js [--seed 1000000]
 */

export interface AuditSearchBenchResult {
  events: number;
  cases: number;
  firstPage: LatencySummary;
  secondPage: LatencySummary;
  baseline: LatencySummary;
}

export interface AuditSearchBenchOptions {
  /** How many distinct random cases to draw queries from (at least 200). */
  cases?: number;
  /** Timed queries per series. */
  samples?: number;
  limit?: number;
  log?: (line: string) => void;
}

export async function benchAuditSearch(dbUrl: string, options: AuditSearchBenchOptions = {}): Promise<AuditSearchBenchResult> {
  const caseCount = Math.max(200, options.cases ?? 250);
  const samples = options.samples ?? 2000;
  const limit = options.limit ?? 50;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const client = new Client({ connectionString: dbUrl, application_name: 'oneroof-bench-audit' });
  await client.connect();
  try {
    await client.query(`ANALYZE audit_events`);
    const [{ events }] = (await client.query<{ events: string }>(`SELECT count(*)::text AS events FROM audit_events`)).rows;
    // A sample of the table's blocks, so that drawing cases does not itself read the whole trail.
    const drawn = await client.query<{ case_id: string }>(
      `SELECT case_id FROM (SELECT DISTINCT case_id FROM audit_events TABLESAMPLE SYSTEM (5) WHERE case_id IS NOT NULL) c
       ORDER BY random() LIMIT $1`,
      [caseCount],
    );
    const caseIds = drawn.rows.map((r) => r.case_id);
    if (caseIds.length < 200)
      throw new Error(`audit search bench needs at least 200 cases in audit_events, found ${caseIds.length}: seed first`);
    const pick = () => caseIds[Math.floor(Math.random() * caseIds.length)];
    const time = async (sql: string, params: unknown[]) => {
      const start = performance.now();
      const result = await client.query(sql, params);
      return { ms: performance.now() - start, rows: result.rows as { at_cursor: string; seq: string }[] };
    };
    // As AuditSearch runs it: in a transaction with JIT off (compiling the statement cost ~160 ms
    // at 10M events, beside 2–25 ms of work).
    const search = async (sql: string, params: unknown[]) => {
      const start = performance.now();
      await client.query('BEGIN');
      try {
        await client.query('SET LOCAL jit = off');
        const result = await client.query(sql, params);
        return { ms: performance.now() - start, rows: result.rows as { at_cursor: string; seq: string }[] };
      } finally {
        await client.query('COMMIT');
      }
    };

    for (let i = 0; i < 100; i++) {
      const q = buildAuditSearch({ caseId: pick() }, limit);
      await search(q.sql, q.params);
    }
    const baseline: number[] = [];
    for (let i = 0; i < samples; i++) baseline.push((await time('SELECT 1', [])).ms);

    const first: number[] = [];
    const second: number[] = [];
    for (let i = 0; i < samples; i++) {
      const q = buildAuditSearch({ caseId: pick() }, limit);
      const page = await search(q.sql, q.params);
      first.push(page.ms);
      if (page.rows.length > limit) {
        const last = page.rows[limit - 1];
        const cursor = encodeCursor('audit-events', { at: last.at_cursor, seq: last.seq });
        const next = buildAuditSearch({ caseId: q.params[0] as string }, limit, cursor);
        second.push((await search(next.sql, next.params)).ms);
      }
    }
    const result: AuditSearchBenchResult = {
      events: Number(events),
      cases: caseIds.length,
      firstPage: summarise(first),
      secondPage: summarise(second.length ? second : [0]),
      baseline: summarise(baseline),
    };
    log(`audit search by case: ${result.events} events, ${result.cases} random cases, limit ${limit}`);
    log(formatLatency('  raw baseline (SELECT 1)', result.baseline, 28));
    log(formatLatency('  first page', result.firstPage, 28));
    log(formatLatency('  second page (cursor)', result.secondPage, 28));
    return result;
  } finally {
    await client.end();
  }
}

export interface SeedAuditOptions {
  events: number;
  cases: number;
  persons: number;
  /** Rows a statement (default 50k: a few seconds each). */
  batchSize?: number;
  /** Connections inserting at once (default 2). */
  parallel?: number;
  log?: (line: string) => void;
}

/**
 * Bulk-inserts audit events through INSERT (the append-only triggers refuse only UPDATE, DELETE and
 * TRUNCATE), each also queued for sealing as AuditWriter does, so that the trail stays one a
 * verification accepts once the sealer has caught up. Cases, persons and actors are derived from
 * the row number (md5 → uuid), spread over the last year, one in ten events without a case.
 */
export async function seedAuditEvents(dbUrl: string, options: SeedAuditOptions): Promise<{ inserted: number; ms: number }> {
  const batchSize = options.batchSize ?? 50_000;
  const parallel = Math.max(1, options.parallel ?? 2);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clients = Array.from({ length: parallel }, () => new Client({ connectionString: dbUrl, application_name: 'oneroof-bench-seed' }));
  await Promise.all(clients.map((c) => c.connect()));
  const start = performance.now();
  try {
    const [{ base }] = (await clients[0].query<{ base: string }>(`SELECT COALESCE(max(seq), 0)::text AS base FROM audit_events`)).rows;
    const offset = BigInt(base);
    const spreadSeconds = 365 * 24 * 3600;
    const ranges: [number, number][] = [];
    for (let from = 1; from <= options.events; from += batchSize) ranges.push([from, Math.min(options.events, from + batchSize - 1)]);
    let done = 0;
    // Row numbers only shape the data; seq comes from the sequence, so parallel batches interleave freely.
    const run = async (client: Client) => {
      for (let range = ranges.shift(); range; range = ranges.shift()) {
        const [from, to] = range;
        await client.query(
          `WITH event AS (
             INSERT INTO audit_events (at, actor_id, actor_discipline, actor_organisation_id, action, resource_type, resource_id,
               case_id, person_ids, outcome, purpose, request_id, ip, user_agent)
             SELECT now() - make_interval(secs => (g * $4::bigint / $5::bigint)::double precision),
               md5('actor' || (g % 500))::uuid,
               (ARRAY['police','forensic_medicine','social_work'])[1 + (g % 3)::int],
               md5('org' || (g % 20))::uuid,
               (ARRAY['case.read','entry.read','entry.create','person.read','intake.read'])[1 + (g % 5)::int],
               'case',
               md5('resource' || g)::uuid,
               CASE WHEN g % 10 = 0 THEN NULL ELSE md5('case' || (g % $3::bigint))::uuid END,
               CASE WHEN g % 4 = 0 THEN '{}'::uuid[] ELSE ARRAY[md5('person' || (g % $6::bigint))::uuid] END,
               CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'success' END,
               'team_member', 'bench-' || g, '10.0.0.1', 'oneroof-bench'
             FROM generate_series($1::bigint, $2::bigint) g
             RETURNING seq, at)
           INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event`,
          [
            (offset + BigInt(from)).toString(),
            (offset + BigInt(to)).toString(),
            options.cases,
            spreadSeconds,
            options.events,
            options.persons,
          ],
        );
        done += to - from + 1;
        log(`  seeded ${done} / ${options.events} audit events (${Math.round(performance.now() - start)} ms)`);
      }
    };
    await Promise.all(clients.map(run));
    await clients[0].query(`ANALYZE audit_events`);
    return { inserted: options.events, ms: Math.round(performance.now() - start) };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function main(): Promise<void> {
  const dbUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/oneroof_bench';
  const seedIndex = process.argv.indexOf('--seed');
  if (seedIndex !== -1) {
    const events = Number(process.argv[seedIndex + 1] ?? 1_000_000);
    const { ms } = await seedAuditEvents(dbUrl, { events, cases: 5000, persons: 20000 });
    process.stdout.write(`seeded ${events} audit events in ${ms} ms\n`);
  }
  await benchAuditSearch(dbUrl);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
