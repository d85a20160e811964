import { Client } from 'pg';
import { indicatorsSql, CLOCKS_MEASURED, MIN_CELL } from '@oneroof/monitoring';
import { seedAuditEvents } from './audit-search';
import { formatLatency, summarise, type LatencySummary } from './latency';

/**
 * Issue 13: a year of figures by month over 10,000 cases (and what hangs off them: intakes,
 * interviews, examinations, conferences, handovers, follow-ups, aftercare, re-report links) beside 1M audit
 * events, goal < 500 ms. Seeded in bulk SQL on a database of its own; triggers are off while seeding
 * (session_replication_role), so the clocks' timers are not what is measured, and the clock
 * summary is filled from case_clock_rows at the end, as refresh_case_clock_summary() does. Times the
 * very statement GET /api/monitoring/indicators runs.
 */
export const MONITORING_CASES = 10_000;

export async function seedMonitoring(dbUrl: string): Promise<number> {
  const started = Date.now();
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    const [org] = (
      await client.query<{ id: string }>(`INSERT INTO organisations (name, kind) VALUES ('Monitoring centre', 'centre') RETURNING id`)
    ).rows;
    const [user] = (
      await client.query<{ id: string }>(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ('monitoring@oneroof.test', 'Bench', 'police', '{professional}', $1, 'scrypt$1$1$1$x$x') RETURNING id`,
        [org.id],
      )
    ).rows;
    const [other] = (
      await client.query<{ id: string }>(
        `INSERT INTO users (email, name, discipline, roles, organisation_id, password_hash)
         VALUES ('monitoring2@oneroof.test', 'Bench 2', 'youth_care', '{professional}', $1, 'scrypt$1$1$1$x$x') RETURNING id`,
        [org.id],
      )
    ).rows;
    // Cases spread over 2025, in 12 municipalities, three urgencies, some violence types.
    await client.query(
      `INSERT INTO cases (id, reference, status, urgency, source, summary, created_by, opened_at, reported_at, updated_at, municipality_code, violence_types)
       SELECT md5('mcase' || g)::uuid, 'MDC-2025-' || lpad(g::text, 6, '0'), 'active', (ARRAY['acute','urgent','regular'])[1 + g % 3], 'school', 'Bench',
              $1, t + interval '2 hours', t, t, 'GM' || lpad((300 + g % 12)::text, 4, '0'),
              CASE WHEN g % 4 = 0 THEN '{}'::text[] ELSE ARRAY[(ARRAY['neglect','physical_abuse','sexual_abuse'])[1 + g % 3]] END
         FROM generate_series(1, $2::int) g, LATERAL (SELECT timestamptz '2025-01-01T08:00:00Z' + (g * interval '1 hour' * 8760 / $2::int) AS t) x`,
      [user.id, MONITORING_CASES],
    );
    await client.query(
      `INSERT INTO case_memberships (case_id, user_id, role, since, added_by) SELECT id, $1, 'lead', opened_at, $1 FROM cases WHERE created_by = $1`,
      [user.id],
    );
    await client.query(
      `INSERT INTO case_persons (id, case_id, first_name, last_name, family_role, involvement, created_by, created_at, updated_at)
       SELECT md5('mperson' || c.id || k)::uuid, c.id, 'Kind' || k, 'Bench', 'child', CASE WHEN k = 1 THEN 'victim' ELSE 'witness' END, $1, c.opened_at, c.opened_at
         FROM cases c, generate_series(1, 2) k WHERE c.created_by = $1`,
      [user.id],
    );
    await client.query(
      `INSERT INTO intakes (case_id, scheduled_at, scheduled_by, created_at, status, concluded_at, concluded_by, decision, safety, lead_user_id, actions, waived_disciplines)
       SELECT c.id, c.reported_at + interval '3 days', $1, c.reported_at + ((abs(hashtext(c.id::text)) % 9) * interval '1 day'),
              'concluded', c.reported_at + interval '10 days', $1, 'd', 'safe', $1, '[]', '[]'
         FROM cases c WHERE c.created_by = $1 AND abs(hashtext(c.id::text)) % 10 <> 0`,
      [user.id],
    );
    await client.query(
      `INSERT INTO intake_interviews (case_id, person_id, kind, conducted_at, duration_minutes, location, summary, author_id, author_discipline, created_at,
         supplementary_reason, supplementary_approved_by)
       SELECT p.case_id, p.id, 'studio', p.created_at + (n * interval '4 days'), 30, 'Studio', 's', $1, 'police', p.created_at + (n * interval '4 days'),
              CASE WHEN n > 1 THEN 'again' END, CASE WHEN n > 1 THEN 'OvJ' END
         FROM case_persons p, generate_series(1, 1 + abs(hashtext(p.id::text)) % 2) n WHERE p.created_by = $1`,
      [user.id],
    );
    await client.query(
      `INSERT INTO intake_examinations (case_id, person_id, examined_at, context, consent, conclusion, author_id, author_discipline, created_at)
       SELECT p.case_id, p.id, p.created_at + interval '2 days', 'forensic', '{}', 'inconclusive', $1, 'forensic_medicine', p.created_at + interval '2 days'
         FROM case_persons p WHERE p.created_by = $1 AND p.involvement = 'victim'`,
      [user.id],
    );
    await client.query(
      `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, respond_by, briefed_at, meeting, accepted_at)
       SELECT c.id, $1, $2, 'accepted', c.opened_at + interval '20 days', c.opened_at + interval '27 days', c.opened_at + interval '21 days',
              jsonb_build_object('familyPresent', abs(hashtext(c.id::text)) % 3 <> 0), c.opened_at + ((20 + abs(hashtext(c.id::text)) % 10) * interval '1 day')
         FROM cases c WHERE c.created_by = $1 AND abs(hashtext(c.id::text)) % 3 = 0`,
      [user.id, other.id],
    );
    await client.query(
      `INSERT INTO follow_ups (case_id, kind, scheduled_at, assignee_id, created_by, created_at, updated_at, status, closed_at)
       SELECT c.id, 'home_visit', c.opened_at + (k * interval '7 days'), $1, $1, c.opened_at, c.opened_at,
              CASE WHEN k = 3 THEN 'missed' ELSE 'done' END, c.opened_at + (k * interval '7 days')
         FROM cases c, generate_series(1, 3) k WHERE c.created_by = $1`,
      [user.id],
    );
    // The sixth clock: a held conference for two concluded intakes in three.
    await client.query(
      `INSERT INTO case_conferences (case_id, kind, scheduled_at, chair_id, status, held_at, family_participation, child_view, recorded_by, recorded_at,
         created_by, created_at, updated_at)
       SELECT k.case_id, 'planning', k.concluded_at + interval '6 days', $1, 'held', k.concluded_at + interval '6 days', '{"mode":"present"}',
              '{"mode":"heard","summary":"s"}', $1, k.concluded_at + interval '6 days', $1, k.concluded_at, k.concluded_at
         FROM intakes k WHERE k.concluded_by = $1 AND abs(hashtext(k.case_id::text)) % 3 <> 0`,
      [user.id],
    );
    // One case in ten closed after three months; a third of those later re-reported (a link to it
    // from a case reported within the year), and three aftercare checks per closed case, done.
    await client.query(
      `UPDATE cases SET status = 'closed', closed_at = reported_at + interval '90 days', closed_by = $1, close_reason = 'done'
        WHERE created_by = $1 AND abs(hashtext(id::text)) % 10 = 0`,
      [user.id],
    );
    await client.query(
      `INSERT INTO case_links (case_id, linked_case_id, kind, linked_by, linked_at)
       SELECT l.id, e.id, 'rereport', $1, l.opened_at
         FROM cases e JOIN LATERAL (SELECT c.id, c.opened_at FROM cases c WHERE c.created_by = $1 AND c.status <> 'closed'
                                     AND c.reported_at > e.closed_at ORDER BY c.reported_at LIMIT 1) l ON true
        WHERE e.created_by = $1 AND e.status = 'closed' AND abs(hashtext(e.id::text)) % 3 = 0`,
      [user.id],
    );
    await client.query(
      `INSERT INTO follow_ups (case_id, kind, scheduled_at, assignee_id, created_by, created_at, updated_at, status, closed_at, aftercare_months,
         aftercare_outcome)
       SELECT c.id, 'aftercare', c.closed_at + m * interval '1 month', $1, $1, c.closed_at, c.closed_at, 'done', c.closed_at + m * interval '1 month', m,
              jsonb_build_object('violenceStopped', (ARRAY['yes','no','unknown'])[1 + abs(hashtext(c.id::text || m)) % 3], 'safetyExperienced', 1 + m % 10)
         FROM cases c, unnest(ARRAY[6, 12, 18]) m WHERE c.created_by = $1 AND c.status = 'closed'`,
      [user.id],
    );
    // The triggers are off while seeding: the clock summary that they keep in the write transaction
    // (migration 1766000200000) is filled the way a bulk load must fill it, from the view, once.
    // ANALYZE first: on the statistics of the empty tables the planner would rescan the view's
    // aggregates for every case.
    await client.query('ANALYZE');
    await client.query(`SELECT refresh_case_clock_summary()`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return Date.now() - started;
}

export async function benchMonitoring(
  dbUrl: string,
  options: { log: (line: string) => void; rounds?: number },
): Promise<{ seedMs: number; auditMs: number; byMonth: LatencySummary; rows: number }> {
  const seedMs = await seedMonitoring(dbUrl);
  options.log(`seeded ${MONITORING_CASES} cases with persons, intakes, interviews, examinations, handovers, follow-ups in ${seedMs} ms`);
  const audit = await seedAuditEvents(dbUrl, {
    events: 1_000_000,
    cases: MONITORING_CASES,
    persons: 2 * MONITORING_CASES,
    log: () => undefined,
  });
  options.log(`seeded 1000000 audit events in ${audit.ms} ms`);
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const sql = indicatorsSql('month');
    const params = ['2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', CLOCKS_MEASURED, MIN_CELL];
    let rows = 0;
    await client.query(`SET jit = off`); // as MonitoringService does
    await client.query(sql, params); // warm
    const durations: number[] = [];
    for (let i = 0; i < (options.rounds ?? 10); i++) {
      const start = performance.now();
      rows = (await client.query(sql, params)).rowCount ?? 0;
      durations.push(performance.now() - start);
    }
    const byMonth = summarise(durations);
    options.log(formatLatency('indicators, 2025 by month', byMonth));
    return { seedMs, auditMs: audit.ms, byMonth, rows };
  } finally {
    await client.end();
  }
}
