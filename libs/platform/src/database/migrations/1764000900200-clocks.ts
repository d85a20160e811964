import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8: the clocks of a case, DERIVED in SQL from what happened in it (reportedAt, persons,
 * intake, interviews, examinations, the conclusion's waivers, handovers): nothing stores a clock, so
 * nothing can drift from the case. The durable timer of each running clock (timers, `clock:<case>:…`)
 * is kept in step by triggers on those tables in the same transaction as the change: a clock that
 * stops loses its timer, a target that moves (urgency, reportedAt) moves it, and a timer already fired
 * for the very same dueAt stays fired (the breach is told once).
 *
 * Working days: add_working_days and working_days_between are the SQL twins of addWorkingDays in
 * libs/platform/src/working-days.ts (each following calendar day counts when it is a weekday in
 * Europe/Amsterdam); test/clocks.e2e-spec.ts holds them to the same table.
 *
 * `first_conference` is not derived here: case conferences are built on another branch (issue 12);
 * their migration adds that branch to case_clocks.
 */
export class Clocks1764000900200 implements MigrationInterface {
  name = 'Clocks1764000900200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION add_working_days(t timestamptz, n integer) RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN n <= 0 THEN t ELSE (
          SELECT t + s.d * interval '24 hours' FROM (
            SELECT d, count(*) FILTER (WHERE extract(isodow FROM (t + d * interval '24 hours') AT TIME ZONE 'Europe/Amsterdam') < 6)
                        OVER (ORDER BY d) AS counted
              FROM generate_series(1, n * 2 + 7) AS d) s
           WHERE s.counted = n ORDER BY s.d LIMIT 1) END
      $$`);
    // The smallest n with add_working_days(a, n) >= b: how many working days b came after a.
    await q.query(`
      CREATE FUNCTION working_days_between(a timestamptz, b timestamptz) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN b <= a THEN 0 ELSE 1 + (
          SELECT count(*)::int FROM generate_series(1, ceil(extract(epoch FROM b - a) / 86400)::int - 1) AS d
           WHERE extract(isodow FROM (a + d * interval '24 hours') AT TIME ZONE 'Europe/Amsterdam') < 6) END
      $$`);
    await q.query(`
      CREATE FUNCTION clock_target(clock text, urgency text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE clock
          WHEN 'intake_scheduled' THEN CASE urgency WHEN 'acute' THEN 1 WHEN 'urgent' THEN 3 ELSE 5 END
          WHEN 'child_interviewed' THEN CASE urgency WHEN 'acute' THEN 5 ELSE 10 END
          WHEN 'child_examined' THEN CASE urgency WHEN 'acute' THEN 1 WHEN 'urgent' THEN 5 ELSE 10 END
          WHEN 'intake_concluded' THEN CASE urgency WHEN 'acute' THEN 5 WHEN 'urgent' THEN 10 ELSE 15 END
          WHEN 'first_conference' THEN CASE urgency WHEN 'acute' THEN 5 ELSE 10 END
        END
      $$`);
    // Every clock of every case, set-based (the figures read it whole), with index lookups per person
    // (so that case_clocks, one case, stays cheap). A clock still running when its case closes stops at the closing.
    await q.query(`CREATE INDEX intake_interviews_person_time_idx ON intake_interviews (person_id, conducted_at)`);
    await q.query(`CREATE INDEX intake_examinations_person_time_idx ON intake_examinations (person_id, examined_at)`);
    await q.query(`
      CREATE VIEW case_clock_rows AS
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
          FROM handovers h JOIN cases c ON c.id = h.case_id`);
    await q.query(`
      CREATE FUNCTION case_clocks(p_case uuid)
        RETURNS TABLE (clock text, person_id uuid, handover_id uuid, started_at timestamptz, due_at timestamptz, stopped_at timestamptz)
        LANGUAGE sql STABLE AS $$
        SELECT r.clock, r.person_id, r.handover_id, r.started_at, r.due_at, r.stopped_at FROM case_clock_rows r WHERE r.case_id = p_case
      $$`);
    await q.query(`
      CREATE FUNCTION clock_timer_key(p_case uuid, clock text, person_id uuid, handover_id uuid) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT 'clock:' || p_case::text || ':' || clock || ':' || COALESCE(person_id::text, handover_id::text, 'case')
      $$`);
    await q.query(`
      CREATE FUNCTION sync_clock_timers(p_case uuid) RETURNS void LANGUAGE plpgsql AS $$
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
      END $$`);
    await q.query(`
      CREATE FUNCTION clocks_follow_case() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'cases' THEN
          PERFORM sync_clock_timers(NEW.id);
        ELSE
          PERFORM sync_clock_timers(NEW.case_id);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['cases', 'case_persons', 'intakes', 'intake_interviews', 'intake_examinations', 'handovers']) {
      await q.query(`CREATE TRIGGER ${table}_clocks AFTER INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION clocks_follow_case()`);
    }
    // Existing cases get their running clocks' timers now.
    await q.query(`SELECT sync_clock_timers(id) FROM cases WHERE status <> 'closed'`);

    await q.query(`
      CREATE TABLE case_clock_explanations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        clock text NOT NULL CHECK (clock IN ('intake_scheduled','child_interviewed','child_examined','intake_concluded',
                                             'first_conference','handover_accepted')),
        person_id uuid REFERENCES case_persons(id),
        handover_id uuid REFERENCES handovers(id),
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        explained_by uuid NOT NULL REFERENCES users(id),
        explained_at timestamptz NOT NULL
      )`);
    // The latest explanation of a clock is the one shown; earlier ones stay on record.
    await q.query(`CREATE INDEX case_clock_explanations_idx ON case_clock_explanations (case_id, clock, explained_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_clock_explanations`);
    for (const table of ['cases', 'case_persons', 'intakes', 'intake_interviews', 'intake_examinations', 'handovers']) {
      await q.query(`DROP TRIGGER ${table}_clocks ON ${table}`);
    }
    await q.query(`DELETE FROM timers WHERE key LIKE 'clock:%'`);
    await q.query(`DROP FUNCTION clocks_follow_case(), sync_clock_timers(uuid), clock_timer_key(uuid, text, uuid, uuid),
      case_clocks(uuid)`);
    await q.query(`DROP VIEW case_clock_rows`);
    await q.query(`DROP INDEX intake_examinations_person_time_idx, intake_interviews_person_time_idx`);
    await q.query(
      `DROP FUNCTION clock_target(text, text), working_days_between(timestamptz, timestamptz), add_working_days(timestamptz, integer)`,
    );
  }
}
