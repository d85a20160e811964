import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@oneroof/identity';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { AccessService } from '@oneroof/access';
import { addWorkingDaysToDate, amsterdamDate, HANDOVER_ROSTER_WORKING_DAYS, REVIEW_TIME_ZONE, rosterRows } from '@oneroof/conferences';
import type { Actor } from '@oneroof/identity';
import type { Clock, Tx } from '@oneroof/platform';
import { formatLatency, summarise, type LatencySummary } from './latency';

export const ROSTER_CASES = 10_000;

/** A key of this run only: the API refuses the public development default. */
const JWT_SECRET = randomBytes(32).toString('hex');

/** Turns the clocks' row triggers (named `*_clocks`) off or on, whichever tables carry them. */
const CLOCK_TRIGGERS = (how: 'DISABLE' | 'ENABLE') => `DO $$
  DECLARE t record;
  BEGIN
    FOR t IN SELECT tgname, tgrelid::regclass AS tbl FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%\\_clocks' LOOP
      EXECUTE format('ALTER TABLE %s ${how} TRIGGER %I', t.tbl, t.tgname);
    END LOOP;
  END $$`;

/**
 * Seeds, in bulk SQL (a statement per table, no row at a time), 10,000 open cases on one lead, each
 * with a child (victim) and a parent (alleged perpetrator):
 * - 80% opened 60 days ago, with a joint intake scheduled at once and concluded 3 days later, the
 *   child interviewed and examined the next day (their clocks met); of these a held planning
 *   conference for 70% of all cases (next review spread over ±30 days) and a planned one for 10%
 *   (whose intake was concluded 10 days ago: its first_conference clock runs, breached by now for
 *   the acute ones);
 * - 20% new cases opened 2 days ago, intake scheduled but not held, no conference (their clocks run;
 *   the acute child_examined clock of one working day has breached);
 * - a current safety plan with two agreements for 30%, one broken in every sixth of those; an open
 *   handover for 5% (respondBy spread over ±5 days).
 * On a date 35 days back almost nothing is due (the broken agreements, about 50 cases): the quiet
 * roster, where a form that looks up every visible case pays for all of them. Returns the lead's and
 * a coordinator's ids.
 */
export async function seedRoster(dbUrl: string): Promise<{ lead: BenchUser; coordinator: BenchUser; ms: number }> {
  const started = Date.now();
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    // The clocks' row triggers (sync_clock_timers for each inserted row) made this bulk seed
    // quadratic: over five minutes for the persons alone. So they are off while seeding (DDL in
    // this transaction, back on before it commits) and the clocks' timers are made in bulk at the
    // end; every other trigger (one lead, reported_at) still runs.
    await client.query(CLOCK_TRIGGERS('DISABLE'));
    const [org] = (
      await client.query<{ id: string }>(`INSERT INTO organisations (name, kind) VALUES ('Roster centre', 'centre') RETURNING id`)
    ).rows;
    const users = (
      await client.query<{ id: string; email: string }>(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ('roster.lead@oneroof.test', 'Lead', 'social_work', '{professional}', $1, 'scrypt$1$1$1$x$x'),
                ('roster.coordinator@oneroof.test', 'Coordinator', 'social_work', '{professional,coordinator}', $1, 'scrypt$1$1$1$x$x'),
                ('roster.receiver@oneroof.test', 'Receiver', 'social_work', '{professional}', $1, 'scrypt$1$1$1$x$x')
         RETURNING id, email`,
        [org.id],
      )
    ).rows;
    const id = (email: string) => users.find((u) => u.email === email)!.id;
    const lead = id('roster.lead@oneroof.test');
    const receiver = id('roster.receiver@oneroof.test');
    await client.query(
      `CREATE TEMP TABLE bench_cases ON COMMIT DROP AS
       SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0, $1::int - 1) g`,
      [ROSTER_CASES],
    );
    await client.query(
      `INSERT INTO cases (id, reference, status, urgency, source, summary, created_by, opened_at, updated_at)
       SELECT b.id, 'MDC-2026-' || lpad(b.n::text, 6, '0'), CASE WHEN b.n % 4 = 0 THEN 'intake' ELSE 'active' END,
              (ARRAY['acute','urgent','regular'])[1 + b.n % 3], 'school', 'Roster case ' || b.n, $1,
              CASE WHEN b.n % 10 >= 8 THEN now() - interval '2 days' ELSE now() - interval '60 days' END, now()
         FROM bench_cases b`,
      [lead],
    );
    await client.query(`INSERT INTO case_reference_counters (year, last_number) VALUES (2026, $1)`, [ROSTER_CASES]);
    await client.query(
      `INSERT INTO case_memberships (case_id, user_id, role, since, added_by) SELECT b.id, $1, 'lead', now() - interval '60 days', $1 FROM bench_cases b`,
      [lead],
    );
    await client.query(
      `INSERT INTO case_persons (case_id, first_name, last_name, family_role, involvement, created_by, created_at, updated_at)
       SELECT b.id, p.first_name, 'Bench', p.family_role, p.involvement, $1, now(), now()
         FROM bench_cases b, (VALUES ('Child', 'child', 'victim'), ('Parent', 'parent', 'alleged_perpetrator')) AS p(first_name, family_role, involvement)`,
      [lead],
    );
    // Every case has its joint intake scheduled within the hour; the older ones concluded it (the
    // 10% awaiting their first conference only 10 days ago) and interviewed and examined the child in time.
    await client.query(
      `INSERT INTO intakes (case_id, scheduled_at, participant_ids, status, scheduled_by, created_at, concluded_at, concluded_by, decision,
                            safety, lead_user_id, actions, waived_disciplines)
       SELECT c.id, c.opened_at + interval '2 days', ARRAY[$1::uuid], CASE WHEN b.n % 10 >= 8 THEN 'planned' ELSE 'concluded' END, $1,
              c.opened_at + interval '1 hour', k.at, CASE WHEN k.at IS NOT NULL THEN $1::uuid END, CASE WHEN k.at IS NOT NULL THEN 'bench' END,
              CASE WHEN k.at IS NOT NULL THEN 'conditionally_safe' END, CASE WHEN k.at IS NOT NULL THEN $1::uuid END,
              CASE WHEN k.at IS NOT NULL THEN '[]'::jsonb END, CASE WHEN k.at IS NOT NULL THEN '[]'::jsonb END
         FROM bench_cases b JOIN cases c ON c.id = b.id
        CROSS JOIN LATERAL (SELECT CASE WHEN b.n % 10 >= 8 THEN NULL WHEN b.n % 10 = 7 THEN now() - interval '10 days'
                                        ELSE c.opened_at + interval '3 days' END AS at) k`,
      [lead],
    );
    await client.query(
      `INSERT INTO intake_interviews (case_id, person_id, kind, conducted_at, duration_minutes, location, summary, author_id, author_discipline,
                                      created_at)
       SELECT p.case_id, p.id, 'studio', c.opened_at + interval '20 hours', 45, 'studio', 'bench', $1, 'police', c.opened_at + interval '20 hours'
         FROM case_persons p JOIN cases c ON c.id = p.case_id WHERE p.family_role = 'child' AND c.opened_at < now() - interval '30 days'`,
      [lead],
    );
    await client.query(
      `INSERT INTO intake_examinations (case_id, person_id, examined_at, context, consent, conclusion, author_id, author_discipline, created_at)
       SELECT p.case_id, p.id, c.opened_at + interval '20 hours', 'forensic', '{"givenBy":"parent","basis":"consent"}', 'no_findings', $1, 'forensic_medicine',
              c.opened_at + interval '20 hours'
         FROM case_persons p JOIN cases c ON c.id = p.case_id WHERE p.family_role = 'child' AND c.opened_at < now() - interval '30 days'`,
      [lead],
    );
    // Held planning conferences (n % 10 < 7) and planned ones (n % 10 = 7).
    await client.query(
      `INSERT INTO case_conferences (case_id, kind, scheduled_at, chair_id, participant_ids, status, held_at, family_participation, child_view,
                                     minutes, next_review_at, recorded_by, recorded_at, created_by, created_at, updated_at)
       SELECT b.id, 'planning', now() - interval '30 days', $1, ARRAY[$1::uuid], 'held', now() - interval '30 days',
              '{"mode":"present","reason":null}', '{"mode":"heard","summary":"x","reason":null}', 'minutes',
              now() + ((b.n % 61) - 30) * interval '1 day', $1, now() - interval '30 days', $1, now() - interval '31 days', now()
         FROM bench_cases b WHERE b.n % 10 < 7`,
      [lead],
    );
    await client.query(
      `INSERT INTO case_conferences (case_id, kind, scheduled_at, chair_id, participant_ids, created_by, created_at, updated_at)
       SELECT b.id, 'planning', now() + interval '3 days', $1, ARRAY[$1::uuid], $1, now(), now() FROM bench_cases b WHERE b.n % 10 = 7`,
      [lead],
    );
    await client.query(
      `INSERT INTO safety_plans (case_id, version, phase, agreed_at, review_at, no_perpetrator_goal_reason, created_by, created_at)
       SELECT b.id, 1, 'stabilisation', now() - interval '20 days', now() + interval '20 days', 'bench', $1, now() - interval '20 days'
         FROM bench_cases b WHERE b.n % 10 < 3`,
      [lead],
    );
    await client.query(
      `INSERT INTO safety_plan_agreements (plan_id, case_id, position, text, person_ids, responsible_user_id, check_every_days, next_check_at,
                                           status, broken_since)
       SELECT sp.id, sp.case_id, a.position, 'Agreement ' || a.position, ARRAY[(SELECT p.id FROM case_persons p WHERE p.case_id = sp.case_id LIMIT 1)],
              $1, 7, now() + interval '2 days',
              CASE WHEN a.position = 0 AND b.n % 60 = 0 THEN 'broken' ELSE 'holds' END,
              CASE WHEN a.position = 0 AND b.n % 60 = 0 THEN now() - interval '1 day' END
         FROM safety_plans sp JOIN bench_cases b ON b.id = sp.case_id, generate_series(0, 1) AS a(position)`,
      [lead],
    );
    await client.query(
      `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, respond_by, version, updated_at)
       SELECT b.id, $1, $2, 'proposed', now() - interval '6 days', now() + ((b.n % 11) - 5) * interval '1 day', 1, now()
         FROM bench_cases b WHERE b.n % 20 = 0`,
      [lead, receiver],
    );
    // The one-lead checks are deferred: run them now, so the tables may be altered again.
    await client.query('SET CONSTRAINTS ALL IMMEDIATE');
    await client.query(CLOCK_TRIGGERS('ENABLE'));
    // The timers the triggers would have kept for the running clocks (the roster finds the cases
    // with a clock due by them), made in one statement as sync_clock_timers makes each case's.
    await client.query(
      `INSERT INTO timers (key, fire_at, event_type, case_id, payload)
       SELECT clock_timer_key(k.case_id, k.clock, k.person_id, k.handover_id), k.due_at, 'clock.breached', k.case_id,
              jsonb_strip_nulls(jsonb_build_object('caseId', k.case_id, 'caseReference', c.reference, 'clock', k.clock, 'personId', k.person_id,
                'handoverId', k.handover_id, 'dueAt', k.due_at))
         FROM case_clock_rows k JOIN cases c ON c.id = k.case_id
        WHERE k.stopped_at IS NULL`,
    );
    // The clock summary the triggers keep in the write transaction, filled in bulk likewise.
    await client.query('SELECT refresh_case_clock_summary()');
    await client.query('COMMIT');
    await client.query('ANALYZE');
    // Access tokens name a live session (design.md §9), checked on every request.
    const sessions = (
      await client.query<{ id: string; user_id: string }>(
        `INSERT INTO sessions (user_id, expires_at) SELECT u, now() + interval '12 hours' FROM unnest($1::uuid[]) u RETURNING id, user_id`,
        [[lead, id('roster.coordinator@oneroof.test')]],
      )
    ).rows;
    const sessionOf = (userId: string) => sessions.find((x) => x.user_id === userId)!.id;
    const coordinator = id('roster.coordinator@oneroof.test');
    return {
      lead: { userId: lead, sessionId: sessionOf(lead) },
      coordinator: { userId: coordinator, sessionId: sessionOf(coordinator) },
      ms: Date.now() - started,
    };
  } finally {
    await client.end();
  }
}

interface BenchUser {
  userId: string;
  sessionId: string;
}

/**
 * The API process, ready when /health/live answers: its "listening" line is an info log, which the
 * bench's warn level leaves out, and a busy machine may take longer than a fixed wait.
 */
async function startApi(env: Record<string, string>, port: number): Promise<ChildProcess> {
  // A server left on the port (an earlier run's) would answer the readiness probe in its place.
  const stale = await fetch(`http://127.0.0.1:${port}/health/live`).then(
    () => true,
    () => false,
  );
  if (stale) throw new Error(`port ${port} is taken already: stop the server on it first`);
  const child = spawn(process.execPath, [join(__dirname, '..', 'apps/api/src/main.js')], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-1000)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}: ${errors}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the API did not start within 90 s: ${errors}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tokenFor = ({ userId, sessionId }: BenchUser) =>
  new JwtService().sign(
    { sid: sessionId },
    {
      secret: JWT_SECRET,
      algorithm: 'HS256',
      subject: userId,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    },
  );

async function timeRequests(url: string, token: string, n: number): Promise<{ latency: LatencySummary; rows: number; reasons: number }> {
  const durations: number[] = [];
  let rows = 0;
  let reasons = 0;
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { items: { reasons: unknown[] }[] };
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.status !== 200) throw new Error(`roster answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    rows = body.items.length;
    reasons = body.items.reduce((sum, r) => sum + r.reasons.length, 0);
  }
  return { latency: summarise(durations.slice(Math.min(5, n - 1))), rows, reasons };
}

/** The day the roster is for: today (many cases due) and 35 days back (almost nothing due; see seedRoster). */
const ROSTER_DAYS = [
  { name: 'today, many due', daysBack: 0 },
  { name: '35 days back, almost nothing due', daysBack: 35 },
] as const;

const dayBack = (days: number) => amsterdamDate(new Date(Date.now() - days * 24 * 3600_000));

/**
 * GET /api/review-roster at 10,000 open cases, through the API process (HTTP, access, audit event and
 * all), one request at a time: the lead of every case (the access rule's set of visible cases) and a
 * coordinator (every case), on each day of ROSTER_DAYS. The first five requests of each series warm
 * up and are left out. Then, on the same database and in the same minutes, the roster's statement
 * against the one it replaced (PREVIOUS_ROSTER_SQL), in turns: a before/after that the machine's
 * load between runs cannot skew. Returns, per caller, the slower of the two days.
 */
export async function benchReviewRoster(
  dbUrl: string,
  options: { requests?: number; port?: number; log: (line: string) => void },
): Promise<{ lead: LatencySummary; coordinator: LatencySummary }> {
  const seeded = await seedRoster(dbUrl);
  options.log(`seeded ${ROSTER_CASES} open cases with intakes, clocks, conferences, safety plans and handovers in ${seeded.ms} ms`);
  const port = options.port ?? 3992;
  const env = { DATABASE_URL: dbUrl, JWT_SECRET, MFA_REQUIRED_ROLES: '', NODE_ENV: 'development', QUEUE_PREFIX: 'oneroof-bench-roster' };
  const api = await startApi({ ...env, PORT: String(port) }, port);
  const worst = { lead: undefined as LatencySummary | undefined, coordinator: undefined as LatencySummary | undefined };
  const slower = (a: LatencySummary | undefined, b: LatencySummary) => (a && a.p95 >= b.p95 ? a : b);
  try {
    const requests = options.requests ?? 105;
    for (const day of ROSTER_DAYS) {
      const url = `http://127.0.0.1:${port}/api/review-roster?date=${dayBack(day.daysBack)}&limit=200`;
      options.log(`  ${day.name} (${dayBack(day.daysBack)}):`);
      const lead = await timeRequests(url, tokenFor(seeded.lead), requests);
      options.log(`    ${formatLatency(`lead of every case (${lead.rows} rows, ${lead.reasons} reasons)`, lead.latency, 48)}`);
      const coordinator = await timeRequests(url, tokenFor(seeded.coordinator), requests);
      options.log(
        `    ${formatLatency(`coordinator (${coordinator.rows} rows, ${coordinator.reasons} reasons)`, coordinator.latency, 48)}`,
      );
      worst.lead = slower(worst.lead, lead.latency);
      worst.coordinator = slower(worst.coordinator, coordinator.latency);
    }
  } finally {
    api.kill('SIGTERM');
  }
  await compareWithPrevious(dbUrl, seeded, options.log);
  return { lead: worst.lead!, coordinator: worst.coordinator! };
}

/**
 * The roster's statement before issue 12's clocks and the quiet-day fix (commit a5e8b43): it walked
 * every visible open case in reference order with a LATERAL of index lookups, stopping when the
 * page was full, and had no clock reason. Kept here, and only here, as the same-run baseline.
 */
const PREVIOUS_ROSTER_SQL = (visibleCaseIds: string) => `WITH bounds AS MATERIALIZED (
       SELECT (($1::date + 1)::timestamp AT TIME ZONE '${REVIEW_TIME_ZONE}') AS day_end,
              (($2::date + 1)::timestamp AT TIME ZONE '${REVIEW_TIME_ZONE}') AS handover_until
     )
     SELECT c.id AS case_id, c.reference, c.status, c.urgency,
            (SELECT m.user_id FROM case_memberships m WHERE m.case_id = c.id AND m.role = 'lead' AND m.until IS NULL) AS lead_user_id,
            r.reasons
       FROM bounds b
       JOIN cases c ON c.opened_at < b.day_end
      CROSS JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('reason', x.reason, 'at', x.at, 'subjectId', x.subject_id) ORDER BY x.reason, x.at) AS reasons
          FROM (
            SELECT 'review_due' AS reason, l.next_review_at AS at, l.id AS subject_id
              FROM (SELECT cf.id, cf.next_review_at FROM case_conferences cf
                     WHERE cf.case_id = c.id AND cf.status = 'held'
                     ORDER BY cf.held_at DESC, cf.id DESC LIMIT 1) l
             WHERE l.next_review_at < b.day_end
            UNION ALL
            SELECT 'agreement_broken', a.broken_since, a.id FROM safety_plan_agreements a WHERE a.case_id = c.id AND a.status = 'broken'
            UNION ALL
            SELECT 'no_planning_conference', c.opened_at, NULL::uuid
             WHERE NOT EXISTS (SELECT 1 FROM case_conferences cf WHERE cf.case_id = c.id
                                 AND ((cf.kind = 'planning' AND cf.status <> 'cancelled') OR cf.status = 'held'))
            UNION ALL
            SELECT 'handover_response_due', h.respond_by, h.id FROM handovers h
             WHERE h.case_id = c.id AND h.status IN ('proposed','briefed') AND h.respond_by < b.handover_until
          ) x
      ) r
      WHERE c.status <> 'closed' AND $3::boolean IS NOT NULL AND ${visibleCaseIds}
        AND ($6::text IS NULL OR c.reference > $6::text)
        AND r.reasons IS NOT NULL
      ORDER BY c.reference
      LIMIT $7`;

/** The two statements in turns, SQL only (one client, no HTTP), for the lead on each day: medians and their ratio. */
async function compareWithPrevious(
  dbUrl: string,
  seeded: { lead: BenchUser; coordinator: BenchUser },
  log: (line: string) => void,
  rounds = 15,
): Promise<void> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const tx = { query: async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows } as unknown as Tx;
    const access = new AccessService({ now: () => new Date() } as Clock);
    log('  the statement alone against the previous one, in turns (SQL, one client, first page of 200):');
    for (const who of ['lead', 'coordinator'] as const) {
      const actor = {
        id: seeded[who].userId,
        roles: who === 'lead' ? ['professional'] : ['professional', 'coordinator'],
      } as unknown as Actor;
      const visible = access.visibleCaseIdsSql(actor, 'c.id', '$4::uuid', '$5::timestamptz');
      for (const day of ROSTER_DAYS) {
        const date = dayBack(day.daysBack);
        const params = [
          date,
          addWorkingDaysToDate(date, HANDOVER_ROSTER_WORKING_DAYS),
          who === 'coordinator',
          actor.id,
          new Date(),
          null,
          201,
        ];
        const times = { previous: [] as number[], current: [] as number[] };
        const rows = { previous: 0, current: 0 };
        for (let i = 0; i < rounds + 2; i++) {
          for (const which of ['previous', 'current'] as const) {
            // Each in a transaction of its own, as the API runs it (rosterRows sets jit for its transaction).
            const started = process.hrtime.bigint();
            await client.query('BEGIN');
            const result =
              which === 'previous'
                ? (await client.query(PREVIOUS_ROSTER_SQL(visible), params)).rows
                : await rosterRows(tx, visible, params);
            await client.query('COMMIT');
            // The first two rounds warm up.
            if (i >= 2) times[which].push(Number(process.hrtime.bigint() - started) / 1e6);
            rows[which] = result.length;
          }
        }
        const previous = summarise(times.previous);
        const current = summarise(times.current);
        log(
          `    ${who.padEnd(11)} ${day.name.padEnd(34)} previous p50 ${previous.p50} ms (${rows.previous} rows)   ` +
            `now p50 ${current.p50} ms (${rows.current} rows)   now/previous ${(current.p50 / previous.p50).toFixed(2)}`,
        );
      }
    }
  } finally {
    await client.end();
  }
}
