import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { DEVELOPMENT_JWT_SECRET } from '@oneroof/platform';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@oneroof/identity';
import { startProcess } from './case-read';
import { summarise, type LatencySummary } from './latency';

export const ROSTER_CASES = 10_000;

/**
 * Seeds, in bulk SQL (a statement per table, no row at a time), 10,000 open cases on one lead with:
 * a held planning conference for 70% (next review spread over ±30 days), a planned one for 10%, none
 * for 20%; a current safety plan with two agreements for 30%, one broken in every sixth of those; an
 * open handover for 5% (respondBy spread over ±5 days). Returns the lead's and a coordinator's ids.
 */
export async function seedRoster(dbUrl: string): Promise<{ leadId: string; coordinatorId: string; ms: number }> {
  const started = Date.now();
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
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
              (ARRAY['acute','urgent','regular'])[1 + b.n % 3], 'school', 'Roster case ' || b.n, $1, now() - interval '60 days', now()
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
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return { leadId: lead, coordinatorId: id('roster.coordinator@oneroof.test'), ms: Date.now() - started };
  } finally {
    await client.end();
  }
}

const tokenFor = (userId: string) =>
  new JwtService().sign(
    {},
    {
      secret: DEVELOPMENT_JWT_SECRET,
      algorithm: 'HS256',
      subject: userId,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: 3600,
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

/**
 * GET /api/review-roster at 10,000 open cases, through the API process (HTTP, access, audit event and
 * all), one request at a time: the lead of every case (the access rule's set of visible cases) and a
 * coordinator (every case). The first five requests warm up and are left out.
 */
export async function benchReviewRoster(
  dbUrl: string,
  options: { requests?: number; port?: number; log: (line: string) => void },
): Promise<{ lead: LatencySummary; coordinator: LatencySummary }> {
  const seeded = await seedRoster(dbUrl);
  options.log(`seeded ${ROSTER_CASES} open cases with conferences, safety plans and handovers in ${seeded.ms} ms`);
  const port = options.port ?? 3992;
  const env = { DATABASE_URL: dbUrl, JWT_SECRET: DEVELOPMENT_JWT_SECRET, NODE_ENV: 'development', QUEUE_PREFIX: 'oneroof-bench-roster' };
  const api = await startProcess('apps/api/src/main.js', { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/health/live`);
  try {
    const date = new Date().toISOString().slice(0, 10);
    const url = `http://127.0.0.1:${port}/api/review-roster?date=${date}&limit=200`;
    const requests = options.requests ?? 105;
    const lead = await timeRequests(url, tokenFor(seeded.leadId), requests);
    options.log(`  lead of every case: first page ${lead.rows} rows, ${lead.reasons} reasons`);
    const coordinator = await timeRequests(url, tokenFor(seeded.coordinatorId), requests);
    options.log(`  coordinator: first page ${coordinator.rows} rows, ${coordinator.reasons} reasons`);
    return { lead: lead.latency, coordinator: coordinator.latency };
  } finally {
    api.kill('SIGTERM');
  }
}
