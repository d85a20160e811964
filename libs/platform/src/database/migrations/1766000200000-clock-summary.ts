import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8, issue 13's speed goal (a year of figures by month at 10,000 cases in < 500 ms):
 *
 * 1. case_clock_rows, the one definition of the clocks, finds a person's first interview and first
 *    examination, and a case's first held conference, through ONE aggregate per (case, person) or
 *    case joined once, instead of a lookup per row. Every aggregate is grouped by case_id, so that
 *    case_clocks(p_case) (the API and the timers' trigger) still reads only that case's rows: the
 *    planner pushes `case_id = p_case` into each aggregate. Same columns, same rows: an interview or
 *    examination is always of a person of its own case (requirePersonsOfCase in libs/intake).
 *
 * 2. case_clock_summary: the rows of case_clock_rows, kept per case by sync_clock_timers, which the
 *    triggers of every table the view reads (cases, case_persons, intakes, intake_interviews,
 *    intake_examinations, handovers, case_conferences) already call in the write transaction. It is
 *    not a second source of truth: nothing writes it but sync_clock_timers, always by replacing a
 *    case's rows with what case_clocks() derives at that moment; case_clock_summary_drift() counts
 *    the rows in which it differs from the view (test/clocks-summary.e2e-spec.ts holds it at 0). The
 *    figures (libs/monitoring) read it; the API and the timers read the view. Working out the clocks
 *    of 10,000 cases (about 60,000 rows) on every figures request took most of the statement's time.
 *    A bulk load that bypasses the triggers must call refresh_case_clock_summary() after it.
 *
 * 3. sync_clock_timers derives a case's clocks once (into the summary) and keeps the timers in step
 *    from those rows, where it derived them twice before; what it does with timers is unchanged.
 */
export class ClockSummary1766000200000 implements MigrationInterface {
  name = 'ClockSummary1766000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(CLOCK_ROWS_SET_BASED);
    await q.query(`
      CREATE TABLE case_clock_summary (
        case_id uuid NOT NULL REFERENCES cases(id),
        clock text NOT NULL,
        person_id uuid,
        handover_id uuid,
        started_at timestamptz,
        due_at timestamptz,
        stopped_at timestamptz
      )`);
    await q.query(`CREATE INDEX case_clock_summary_case_idx ON case_clock_summary (case_id)`);
    await q.query(`
      CREATE FUNCTION refresh_case_clock_summary(p_case uuid) RETURNS void LANGUAGE sql AS $$
        DELETE FROM case_clock_summary WHERE case_id = p_case;
        INSERT INTO case_clock_summary (case_id, clock, person_id, handover_id, started_at, due_at, stopped_at)
        SELECT p_case, k.clock, k.person_id, k.handover_id, k.started_at, k.due_at, k.stopped_at FROM case_clocks(p_case) k;
      $$`);
    // Every case at once (after a migration that changes the view, or a bulk load without triggers;
    // ANALYZE the tables first, or the planner may rescan the aggregates per case).
    await q.query(`
      CREATE FUNCTION refresh_case_clock_summary() RETURNS void LANGUAGE sql AS $$
        DELETE FROM case_clock_summary;
        INSERT INTO case_clock_summary (case_id, clock, person_id, handover_id, started_at, due_at, stopped_at)
        SELECT r.case_id, r.clock, r.person_id, r.handover_id, r.started_at, r.due_at, r.stopped_at FROM case_clock_rows r;
      $$`);
    // Rows in the summary and not in the view, or the other way round: 0 unless something wrote around the triggers.
    await q.query(`
      CREATE FUNCTION case_clock_summary_drift() RETURNS bigint LANGUAGE sql STABLE AS $$
        SELECT count(*) FROM (
          (SELECT case_id, clock, person_id, handover_id, started_at, due_at, stopped_at FROM case_clock_summary
           EXCEPT ALL SELECT case_id, clock, person_id, handover_id, started_at, due_at, stopped_at FROM case_clock_rows)
          UNION ALL
          (SELECT case_id, clock, person_id, handover_id, started_at, due_at, stopped_at FROM case_clock_rows
           EXCEPT ALL SELECT case_id, clock, person_id, handover_id, started_at, due_at, stopped_at FROM case_clock_summary)) d
      $$`);
    await q.query(SYNC_FROM_SUMMARY);
    // Statistics first: planned on an empty table's, the whole view's aggregates would be rescanned per case.
    for (const table of ['cases', 'case_persons', 'intakes', 'intake_interviews', 'intake_examinations', 'handovers', 'case_conferences']) {
      await q.query(`ANALYZE ${table}`);
    }
    await q.query(`SELECT refresh_case_clock_summary()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(SYNC_AS_BEFORE);
    await q.query(`DROP FUNCTION case_clock_summary_drift(), refresh_case_clock_summary(), refresh_case_clock_summary(uuid)`);
    await q.query(`DROP TABLE case_clock_summary`);
    await q.query(CLOCK_ROWS_PER_ROW);
  }
}

/** The clocks with one aggregate per (case, person) or case, joined once (see 1. above). */
const CLOCK_ROWS_SET_BASED = `
  CREATE OR REPLACE VIEW case_clock_rows AS
    SELECT c.id AS case_id, 'intake_scheduled'::text AS clock, NULL::uuid AS person_id, NULL::uuid AS handover_id,
           c.reported_at AS started_at, add_working_days(c.reported_at, clock_target('intake_scheduled', c.urgency)) AS due_at,
           COALESCE(k.created_at, c.closed_at) AS stopped_at
      FROM cases c LEFT JOIN intakes k ON k.case_id = c.id
    UNION ALL
    SELECT c.id, 'child_interviewed', p.id, NULL, c.reported_at,
           add_working_days(c.reported_at, clock_target('child_interviewed', c.urgency)), COALESCE(v.first_at, c.closed_at)
      FROM cases c JOIN case_persons p ON p.case_id = c.id AND p.family_role = 'child' AND p.involvement IN ('victim','witness')
      LEFT JOIN (SELECT i.case_id, i.person_id, min(i.conducted_at) AS first_at FROM intake_interviews i GROUP BY i.case_id, i.person_id) v
        ON v.case_id = p.case_id AND v.person_id = p.id
    UNION ALL
    SELECT c.id, 'child_examined', p.id, NULL, c.reported_at,
           add_working_days(c.reported_at, clock_target('child_examined', c.urgency)),
           COALESCE(LEAST(e.first_at, CASE WHEN k.waived_disciplines @> '[{"discipline":"forensic_medicine"}]'::jsonb THEN k.concluded_at END),
                    c.closed_at)
      FROM cases c JOIN case_persons p ON p.case_id = c.id AND p.family_role = 'child' AND p.involvement = 'victim'
      LEFT JOIN intakes k ON k.case_id = c.id
      LEFT JOIN (SELECT x.case_id, x.person_id, min(x.examined_at) AS first_at FROM intake_examinations x GROUP BY x.case_id, x.person_id) e
        ON e.case_id = p.case_id AND e.person_id = p.id
    UNION ALL
    SELECT c.id, 'intake_concluded', NULL, NULL, c.reported_at,
           add_working_days(c.reported_at, clock_target('intake_concluded', c.urgency)), COALESCE(k.concluded_at, c.closed_at)
      FROM cases c LEFT JOIN intakes k ON k.case_id = c.id
    UNION ALL
    SELECT h.case_id, 'handover_accepted', NULL, h.id, h.proposed_at, COALESCE(h.respond_by, add_working_days(h.proposed_at, 5)),
           COALESCE(h.accepted_at, h.declined_at, h.withdrawn_at, c.closed_at)
      FROM handovers h JOIN cases c ON c.id = h.case_id
    UNION ALL
    SELECT c.id, 'first_conference', NULL, NULL, k.concluded_at,
           add_working_days(k.concluded_at, clock_target('first_conference', c.urgency)), COALESCE(f.first_at, c.closed_at)
      FROM cases c JOIN intakes k ON k.case_id = c.id AND k.concluded_at IS NOT NULL
      LEFT JOIN (SELECT x.case_id, min(x.held_at) AS first_at FROM case_conferences x WHERE x.status = 'held' GROUP BY x.case_id) f
        ON f.case_id = c.id`;

/** case_clock_rows as migrations 1764000900200 and 1765000700000 left it (frozen here for down()). */
const CLOCK_ROWS_PER_ROW = `
  CREATE OR REPLACE VIEW case_clock_rows AS
    SELECT c.id AS case_id, 'intake_scheduled'::text AS clock, NULL::uuid AS person_id, NULL::uuid AS handover_id,
           c.reported_at AS started_at, add_working_days(c.reported_at, clock_target('intake_scheduled', c.urgency)) AS due_at,
           COALESCE(k.created_at, c.closed_at) AS stopped_at
      FROM cases c LEFT JOIN intakes k ON k.case_id = c.id
    UNION ALL
    SELECT c.id, 'child_interviewed', p.id, NULL, c.reported_at,
           add_working_days(c.reported_at, clock_target('child_interviewed', c.urgency)), COALESCE(v.first_at, c.closed_at)
      FROM cases c JOIN case_persons p ON p.case_id = c.id AND p.family_role = 'child' AND p.involvement IN ('victim','witness')
      LEFT JOIN LATERAL (SELECT min(i.conducted_at) AS first_at FROM intake_interviews i WHERE i.person_id = p.id) v ON true
    UNION ALL
    SELECT c.id, 'child_examined', p.id, NULL, c.reported_at,
           add_working_days(c.reported_at, clock_target('child_examined', c.urgency)),
           COALESCE(LEAST(e.first_at, CASE WHEN k.waived_disciplines @> '[{"discipline":"forensic_medicine"}]'::jsonb THEN k.concluded_at END),
                    c.closed_at)
      FROM cases c JOIN case_persons p ON p.case_id = c.id AND p.family_role = 'child' AND p.involvement = 'victim'
      LEFT JOIN intakes k ON k.case_id = c.id
      LEFT JOIN LATERAL (SELECT min(x.examined_at) AS first_at FROM intake_examinations x WHERE x.person_id = p.id) e ON true
    UNION ALL
    SELECT c.id, 'intake_concluded', NULL, NULL, c.reported_at,
           add_working_days(c.reported_at, clock_target('intake_concluded', c.urgency)), COALESCE(k.concluded_at, c.closed_at)
      FROM cases c LEFT JOIN intakes k ON k.case_id = c.id
    UNION ALL
    SELECT h.case_id, 'handover_accepted', NULL, h.id, h.proposed_at, COALESCE(h.respond_by, add_working_days(h.proposed_at, 5)),
           COALESCE(h.accepted_at, h.declined_at, h.withdrawn_at, c.closed_at)
      FROM handovers h JOIN cases c ON c.id = h.case_id
    UNION ALL
    SELECT c.id, 'first_conference', NULL, NULL, k.concluded_at,
           add_working_days(k.concluded_at, clock_target('first_conference', c.urgency)), COALESCE(f.first_at, c.closed_at)
      FROM cases c JOIN intakes k ON k.case_id = c.id AND k.concluded_at IS NOT NULL
      LEFT JOIN LATERAL (SELECT min(x.held_at) AS first_at FROM case_conferences x WHERE x.case_id = c.id AND x.status = 'held') f ON true`;

/** The case's clocks derived once, into the summary; the timers follow from those rows as before. */
const SYNC_FROM_SUMMARY = `
  CREATE OR REPLACE FUNCTION sync_clock_timers(p_case uuid) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    ref text;
  BEGIN
    SELECT reference INTO ref FROM cases WHERE id = p_case;
    IF ref IS NULL THEN RETURN; END IF;
    PERFORM refresh_case_clock_summary(p_case);
    DELETE FROM timers t
     WHERE t.key LIKE 'clock:' || p_case::text || ':%'
       AND t.key NOT IN (SELECT clock_timer_key(p_case, k.clock, k.person_id, k.handover_id) FROM case_clock_summary k
                          WHERE k.case_id = p_case AND k.stopped_at IS NULL);
    INSERT INTO timers AS t (key, fire_at, event_type, case_id, payload)
    SELECT clock_timer_key(p_case, k.clock, k.person_id, k.handover_id), k.due_at, 'clock.breached', p_case,
           jsonb_strip_nulls(jsonb_build_object('caseId', p_case, 'caseReference', ref, 'clock', k.clock, 'personId', k.person_id,
             'handoverId', k.handover_id, 'dueAt', to_char(k.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      FROM case_clock_summary k WHERE k.case_id = p_case AND k.stopped_at IS NULL
    ON CONFLICT (key) DO UPDATE
       SET fire_at = EXCLUDED.fire_at, payload = EXCLUDED.payload, event_type = EXCLUDED.event_type, updated_at = now(),
           fired_at = NULL, fired_event_id = NULL
     WHERE t.fire_at IS DISTINCT FROM EXCLUDED.fire_at;
  END $$`;

/** sync_clock_timers as migration 1764000900200 made it (frozen here for down()). */
const SYNC_AS_BEFORE = `
  CREATE OR REPLACE FUNCTION sync_clock_timers(p_case uuid) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    ref text;
  BEGIN
    SELECT reference INTO ref FROM cases WHERE id = p_case;
    IF ref IS NULL THEN RETURN; END IF;
    DELETE FROM timers t
     WHERE t.key LIKE 'clock:' || p_case::text || ':%'
       AND t.key NOT IN (SELECT clock_timer_key(p_case, k.clock, k.person_id, k.handover_id) FROM case_clocks(p_case) k
                          WHERE k.stopped_at IS NULL);
    INSERT INTO timers AS t (key, fire_at, event_type, case_id, payload)
    SELECT clock_timer_key(p_case, k.clock, k.person_id, k.handover_id), k.due_at, 'clock.breached', p_case,
           jsonb_strip_nulls(jsonb_build_object('caseId', p_case, 'caseReference', ref, 'clock', k.clock, 'personId', k.person_id,
             'handoverId', k.handover_id, 'dueAt', to_char(k.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
      FROM case_clocks(p_case) k WHERE k.stopped_at IS NULL
    ON CONFLICT (key) DO UPDATE
       SET fire_at = EXCLUDED.fire_at, payload = EXCLUDED.payload, event_type = EXCLUDED.event_type, updated_at = now(),
           fired_at = NULL, fired_event_id = NULL
     WHERE t.fire_at IS DISTINCT FROM EXCLUDED.fire_at;
  END $$`;
