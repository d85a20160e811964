import { performance } from 'node:perf_hooks';
import { AuditSealer, AuditVerifier, buildAuditSearch, canonicalEventSql, GENESIS_HASH, linkHash } from '@oneroof/audit';
import { createDataSource, Db, type AppConfig } from '@oneroof/platform';
import { Client } from 'pg';
import { formatLatency, summarise, type LatencySummary } from './latency';

/**
 * Audit at scale (issue 11, design.md §11) on a database of its own: seeds a trail of
 * BENCH_AUDIT_EVENTS events (default 1M; 10M is runnable, in minutes) over twelve month partitions,
 * with a correct hash chain, then measures audit search by case, actor and person (exactly the SQL
 * AuditSearch runs), AuditWriter's statement at that size against 100k, an incremental verification
 * after 10k new events, and a full verification (events/s). Postgres time, not HTTP: the figures
 * are the audit tables' share of a request.
 */
export interface AuditScaleResult {
  events: number;
  seedMs: number;
  chainMs: number;
  search: { case: LatencySummary; actor: LatencySummary; person: LatencySummary };
  write: { small: LatencySummary; large: LatencySummary; ratio: number };
  /** ms: what GET /api/audit/verify takes after 10k new events (it seals them first); split: another 10k, sealed apart, then verified. */
  incremental: {
    ms: number;
    checked: number;
    valid: boolean;
    split: { sealMs: number; verifyMs: number; checked: number; valid: boolean };
  };
  full: { ms: number; checked: number; valid: boolean; eventsPerSecond: number; nodeCpuUsPerEvent: number };
}

const SPREAD_SECONDS = 365 * 24 * 3600;
const CASES = 5000;
const ACTORS = 500;
const PERSONS = 20000;

/** Events numbered from..to, dated in seq order over the last year at whole milliseconds (as the writer's Dates are). */
async function insertEvents(client: Client, from: number, to: number, total: number): Promise<void> {
  await client.query(
    `INSERT INTO audit_events (at, actor_id, actor_discipline, actor_organisation_id, action, resource_type, resource_id,
       case_id, person_ids, outcome, purpose, request_id, ip, user_agent)
     SELECT date_trunc('milliseconds', now() - make_interval(secs => ($3::bigint - g) * $4::double precision / $3::bigint)),
       md5('actor' || (g % ${ACTORS}))::uuid,
       (ARRAY['police','forensic_medicine','social_work'])[1 + (g % 3)::int],
       md5('org' || (g % 20))::uuid,
       (ARRAY['case.read','entry.read','entry.create','person.read','intake.read'])[1 + (g % 5)::int],
       'case', md5('resource' || g)::uuid,
       CASE WHEN g % 10 = 0 THEN NULL ELSE md5('case' || (g % ${CASES}))::uuid END,
       CASE WHEN g % 4 = 0 THEN '{}'::uuid[] ELSE ARRAY[md5('person' || (g % ${PERSONS}))::uuid] END,
       CASE WHEN g % 50 = 0 THEN 'denied' ELSE 'success' END,
       'team_member', 'bench-' || g, '10.0.0.1', 'oneroof-bench'
     FROM generate_series($1::bigint, $2::bigint) g`,
    [from, to, total, SPREAD_SECONDS],
  );
}

/**
 * The chain over every unchained event in seq order, computed as the sealer computes it (the
 * canonical text from canonicalEventSql, hashed with linkHash: exactly what the sealer would have
 * written) and appended in batches: a trail verify accepts.
 */
async function chainAll(client: Client, log: (line: string) => void): Promise<number> {
  const batch = 50_000;
  let position = 0n;
  let prev = GENESIS_HASH;
  let afterSeq = '0';
  let done = 0;
  const start = performance.now();
  for (;;) {
    const { rows } = await client.query<{ seq: string; id: string; at_exact: string; canonical: string }>(
      `SELECT e.seq::text AS seq, e.id, e.at::text AS at_exact, ${canonicalEventSql('e')} AS canonical
         FROM audit_events e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
      [afterSeq, batch],
    );
    if (rows.length === 0) break;
    const positions: string[] = [];
    const hashes: string[] = [];
    const prevs: string[] = [];
    for (const row of rows) {
      position += 1n;
      const hash = linkHash(prev, row.canonical);
      positions.push(position.toString());
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await client.query(
      `INSERT INTO audit_chain (position, seq, event_id, prev_hash, hash, at)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])`,
      [positions, rows.map((r) => r.seq), rows.map((r) => r.id), prevs, hashes, rows.map((r) => r.at_exact)],
    );
    afterSeq = rows[rows.length - 1].seq;
    done += rows.length;
    if (done % 1_000_000 < batch) log(`  chained ${done} events (${Math.round(performance.now() - start)} ms)`);
  }
  return Math.round(performance.now() - start);
}

/** AuditWriter's statement (event and queue entry), in a transaction of its own, as a request makes it. */
async function timeWrites(client: Client, samples: number): Promise<LatencySummary> {
  const sql = `WITH event AS (
      INSERT INTO audit_events (at, actor_id, actor_discipline, actor_organisation_id, on_behalf_of_id, action,
        resource_type, resource_id, case_id, person_ids, outcome, purpose, request_id, ip, user_agent)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id, seq, at)
    INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event RETURNING (SELECT id FROM event)`;
  const durations: number[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const start = performance.now();
    await client.query('BEGIN');
    await client.query({
      name: 'audit-write',
      text: sql,
      values: [
        new Date(),
        null,
        'police',
        null,
        null,
        'case.read',
        'case',
        null,
        null,
        [],
        'success',
        'team_member',
        `bench-write-${i}`,
        '10.0.0.1',
        'oneroof-bench',
      ],
    });
    await client.query('COMMIT');
    if (i >= 50) durations.push(performance.now() - start);
  }
  return summarise(durations);
}

/**
 * As AuditSearch runs it behind GET /api/audit/events: in the oversight's transaction, with JIT off
 * for that transaction (outside one, the server's JIT compiles the statement over a dozen months
 * first, which the app never does). The figure includes BEGIN, SET LOCAL and COMMIT.
 */
async function timeSearch(client: Client, pick: () => Record<string, string>, samples: number): Promise<LatencySummary> {
  const durations: number[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const q = buildAuditSearch(pick(), 50);
    const start = performance.now();
    await client.query('BEGIN');
    await client.query('SET LOCAL jit = off');
    await client.query(q.sql, q.params);
    await client.query('COMMIT');
    if (i >= 50) durations.push(performance.now() - start);
  }
  return summarise(durations);
}

/** 10k new events, queued as the writer queues them (one statement, times from SQL: microseconds). */
async function queueNewEvents(client: Client, count: number): Promise<void> {
  await client.query(
    `WITH event AS (
       INSERT INTO audit_events (at, action, resource_type, outcome, purpose, case_id)
       SELECT now(), 'case.read', 'case', 'success', 'team_member', md5('case' || (g % ${CASES}))::uuid FROM generate_series(1, $1::int) g
       RETURNING seq, at)
     INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event`,
    [count],
  );
}

export async function benchAuditScale(dbUrl: string, options: { events: number; log: (line: string) => void }): Promise<AuditScaleResult> {
  const { events, log } = options;
  const client = new Client({ connectionString: dbUrl, application_name: 'oneroof-bench-audit-scale' });
  await client.connect();
  const dataSource = await createDataSource(dbUrl, { poolSize: 2, applicationName: 'oneroof-bench-audit-scale' }).initialize();
  try {
    // Twelve months of partitions behind this one, as a year of running would have left.
    await client.query(
      `SELECT audit_add_month_partitions((date_trunc('month', now()) - make_interval(months => i))::date) FROM generate_series(1, 12) i`,
    );

    const seedStart = performance.now();
    const small = Math.min(100_000, events);
    await insertEvents(client, 1, small, events);
    await client.query(`ANALYZE audit_events`);
    const writeSmall = await timeWrites(client, 1000);
    const batch = 500_000;
    for (let from = small + 1; from <= events; from += batch) {
      await insertEvents(client, from, Math.min(events, from + batch - 1), events);
      log(`  seeded ${Math.min(events, from + batch - 1)} / ${events} events (${Math.round(performance.now() - seedStart)} ms)`);
    }
    const seedMs = Math.round(performance.now() - seedStart);
    // The sample writes were queued; chainAll chains everything in seq order, so the queue is done with.
    await client.query(`DELETE FROM audit_seal_queue`);
    const chainMs = await chainAll(client, log);
    await client.query(`ANALYZE audit_events`);
    await client.query(`ANALYZE audit_chain`);
    log(`seeded ${events} audit events in ${seedMs} ms, chained them in ${chainMs} ms`);

    const writeLarge = await timeWrites(client, 1000);
    log(formatLatency(`  audit write at ${small}`, writeSmall, 36));
    log(formatLatency(`  audit write at ${events}`, writeLarge, 36));
    const uuid = async (sql: string) => (await client.query<{ id: string }>(sql)).rows.map((r) => r.id);
    const cases = await uuid(`SELECT md5('case' || g)::uuid::text AS id FROM generate_series(1, ${CASES - 1}) g`);
    const actors = await uuid(`SELECT md5('actor' || g)::uuid::text AS id FROM generate_series(0, ${ACTORS - 1}) g`);
    const persons = await uuid(`SELECT md5('person' || g)::uuid::text AS id FROM generate_series(0, ${PERSONS - 1}) g`);
    const any = (list: string[]) => list[Math.floor(Math.random() * list.length)];
    const search = {
      case: await timeSearch(client, () => ({ caseId: any(cases) }), 300).then((r) => {
        log(formatLatency(`  search by case at ${events}`, r, 36));
        return r;
      }),
      actor: await timeSearch(client, () => ({ actorId: any(actors) }), 300).then((r) => {
        log(formatLatency(`  search by actor at ${events}`, r, 36));
        return r;
      }),
      person: await timeSearch(client, () => ({ personId: any(persons) }), 300).then((r) => {
        log(formatLatency(`  search by person at ${events}`, r, 36));
        return r;
      }),
    };

    const db = new Db(dataSource);
    const verifier = new AuditVerifier(db, new AuditSealer(db), { auditSigningKey: 'bench-'.repeat(8) } as AppConfig);
    let start = performance.now();
    const cpu = process.cpuUsage();
    const full = await verifier.verify({ full: true });
    const fullMs = Math.round(performance.now() - start);
    // On a shared machine the wall time says more about the neighbours than about verify: the
    // Node process's own CPU per link is the figure a machine of its own would divide by.
    const used = process.cpuUsage(cpu);
    const nodeCpuUsPerEvent = (used.user + used.system) / Math.max(1, full.checked);
    // 10k new events, queued as the writer queues them; the incremental run seals and checks them:
    // what a coordinator waits for on GET /api/audit/verify.
    await queueNewEvents(client, 10_000);
    start = performance.now();
    const incremental = await verifier.verify();
    const incrementalMs = Math.round(performance.now() - start);
    // The same again with the sealing apart (as the worker's sealer, every second, would have done
    // before the coordinator asked): the verification's own share.
    await queueNewEvents(client, 10_000);
    start = performance.now();
    await new AuditSealer(db).sealPending({ wait: true });
    const sealMs = Math.round(performance.now() - start);
    start = performance.now();
    const split = await verifier.verify();
    const splitVerifyMs = Math.round(performance.now() - start);

    const result: AuditScaleResult = {
      events,
      seedMs,
      chainMs,
      search,
      write: { small: writeSmall, large: writeLarge, ratio: writeLarge.p50 / Math.max(0.001, writeSmall.p50) },
      incremental: {
        ms: incrementalMs,
        checked: incremental.checked,
        valid: incremental.valid,
        split: { sealMs, verifyMs: splitVerifyMs, checked: split.checked, valid: split.valid },
      },
      full: {
        ms: fullMs,
        checked: full.checked,
        valid: full.valid,
        eventsPerSecond: Math.round(full.checked / (fullMs / 1000)),
        nodeCpuUsPerEvent,
      },
    };
    if (!full.valid) log(`  full verify found the seeded trail broken: ${full.reason}`);
    log(
      `  full verify: ${full.checked} links in ${fullMs} ms (${result.full.eventsPerSecond} events/s), valid ${full.valid}; ` +
        // Node's share only: since the links are recomputed in Postgres, the work is its backends'.
        `Node CPU ${nodeCpuUsPerEvent.toFixed(3)} µs a link (the recomputation runs in Postgres)`,
    );
    log(
      `  incremental verify after 10000 new events: ${incremental.checked} links in ${incrementalMs} ms, valid ${incremental.valid}` +
        (incremental.valid ? '' : ` (${incremental.reason})`) +
        ' (sealing them included)',
    );
    log(
      `  another 10000 new events, sealed apart: seal ${sealMs} ms, then verify ${split.checked} links in ${splitVerifyMs} ms, valid ${split.valid}`,
    );
    return result;
  } finally {
    await client.end();
    await dataSource.destroy();
  }
}
