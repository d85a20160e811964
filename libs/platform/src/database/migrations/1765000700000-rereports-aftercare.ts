import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8, the rest of issue 13:
 * - Working days by arithmetic instead of generate_series: the figures call these functions for
 *   every clock of every case, and a set-returning subquery per call made a year of figures take
 *   over a second (bench/monitoring.ts). The formula is the one of addWorkingDays in
 *   libs/platform/src/working-days.ts (the day of the week of the start in Europe/Amsterdam, then
 *   whole weeks of five working days), held to the same table in test/clocks.e2e-spec.ts.
 * - The sixth clock, `first_conference`: from the intake's conclusion to the first held conference.
 * - Re-reports: the matches found when a case is opened or a person added, and the coordinators' links.
 * - Aftercare: follow-ups of kind `aftercare` at 6, 12 and 18 months with a structured outcome.
 */
export class RereportsAftercare1765000700000 implements MigrationInterface {
  name = 'RereportsAftercare1765000700000';

  async up(q: QueryRunner): Promise<void> {
    // Working days among days 1..p of a week cycle whose day 1 is a Monday (workingDaysUpTo in TypeScript).
    await q.query(`
      CREATE FUNCTION working_days_upto(p integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT 5 * (p / 7) + least(p % 7, 5)
      $$`);
    // The n-th working day counted on from the start's week's Monday, less the days already behind,
    // added as calendar days on the Amsterdam clock (the same time of day, whatever summer time does).
    await q.query(`
      CREATE OR REPLACE FUNCTION add_working_days(t timestamptz, n integer) RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN n <= 0 THEN t ELSE ((t AT TIME ZONE 'Europe/Amsterdam') + (
          7 * ((n + least(extract(isodow FROM t AT TIME ZONE 'Europe/Amsterdam')::int, 5) - 1) / 5)
          + (n + least(extract(isodow FROM t AT TIME ZONE 'Europe/Amsterdam')::int, 5) - 1) % 5
          - (extract(isodow FROM t AT TIME ZONE 'Europe/Amsterdam')::int - 1)) * interval '1 day') AT TIME ZONE 'Europe/Amsterdam' END
      $$`);
    // The smallest n with add_working_days(a, n) >= b: one more than the working days among the
    // whole days (on the Amsterdam clock) before b.
    await q.query(`
      CREATE OR REPLACE FUNCTION working_days_between(a timestamptz, b timestamptz) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN b <= a THEN 0 ELSE 1
          + working_days_upto(extract(isodow FROM a AT TIME ZONE 'Europe/Amsterdam')::int
              + ceil(extract(epoch FROM (b AT TIME ZONE 'Europe/Amsterdam') - (a AT TIME ZONE 'Europe/Amsterdam')) / 86400)::int - 1)
          - working_days_upto(extract(isodow FROM a AT TIME ZONE 'Europe/Amsterdam')::int) END
      $$`);

    await q.query(CLOCK_ROWS_VIEW + FIRST_CONFERENCE_BRANCH);
    await q.query(`CREATE TRIGGER case_conferences_clocks AFTER INSERT OR UPDATE ON case_conferences
      FOR EACH ROW EXECUTE FUNCTION clocks_follow_case()`);
    await q.query(`SELECT sync_clock_timers(id) FROM cases WHERE status <> 'closed'`);

    // Names compared case- and accent-insensitively (design.md §8): é = e = E.
    await q.query(`
      CREATE FUNCTION person_name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(regexp_replace(normalize(btrim(name), NFD), '[\\u0300-\\u036f]', '', 'g'))
      $$`);
    await q.query(`CREATE INDEX case_persons_match_idx ON case_persons (date_of_birth, person_name_key(last_name))
      WHERE date_of_birth IS NOT NULL`);
    await q.query(`
      CREATE TABLE case_rereport_matches (
        case_id uuid NOT NULL REFERENCES cases(id),
        earlier_case_id uuid NOT NULL REFERENCES cases(id),
        found_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','linked','dismissed')),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        PRIMARY KEY (case_id, earlier_case_id),
        CHECK ((status = 'open') = (decided_at IS NULL))
      )`);
    await q.query(`
      CREATE TABLE case_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        linked_case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('rereport','same_family')),
        note text,
        linked_by uuid NOT NULL REFERENCES users(id),
        linked_at timestamptz NOT NULL,
        UNIQUE (case_id, linked_case_id),
        CHECK (case_id <> linked_case_id)
      )`);
    await q.query(`CREATE INDEX case_links_linked_idx ON case_links (linked_case_id)`);

    await q.query(`ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_kind_check,
      ADD CONSTRAINT follow_ups_kind_check CHECK (kind IN ('home_visit','phone_call','meeting','case_conference','other','aftercare')),
      ADD COLUMN aftercare_months smallint CHECK (aftercare_months IN (6, 12, 18)),
      ADD COLUMN aftercare_outcome jsonb,
      ADD CONSTRAINT follow_ups_aftercare_check CHECK ((kind = 'aftercare') = (aftercare_months IS NOT NULL)
        AND (aftercare_outcome IS NULL OR kind = 'aftercare'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM follow_ups WHERE kind = 'aftercare'`);
    await q.query(`ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_aftercare_check, DROP COLUMN aftercare_outcome,
      DROP COLUMN aftercare_months, DROP CONSTRAINT follow_ups_kind_check,
      ADD CONSTRAINT follow_ups_kind_check CHECK (kind IN ('home_visit','phone_call','meeting','case_conference','other'))`);
    await q.query(`DROP TABLE case_links`);
    await q.query(`DROP TABLE case_rereport_matches`);
    await q.query(`DROP INDEX case_persons_match_idx`);
    await q.query(`DROP FUNCTION person_name_key(text)`);

    await q.query(`DROP TRIGGER case_conferences_clocks ON case_conferences`);
    await q.query(`DELETE FROM timers WHERE key LIKE 'clock:%:first_conference:%'`);
    // CREATE OR REPLACE VIEW cannot drop a branch: the view is made again as it was.
    await q.query(`DROP FUNCTION case_clocks(uuid)`);
    await q.query(`DROP VIEW case_clock_rows`);
    await q.query(CLOCK_ROWS_VIEW);
    await q.query(`
      CREATE FUNCTION case_clocks(p_case uuid)
        RETURNS TABLE (clock text, person_id uuid, handover_id uuid, started_at timestamptz, due_at timestamptz, stopped_at timestamptz)
        LANGUAGE sql STABLE AS $$
        SELECT r.clock, r.person_id, r.handover_id, r.started_at, r.due_at, r.stopped_at FROM case_clock_rows r WHERE r.case_id = p_case
      $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION add_working_days(t timestamptz, n integer) RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN n <= 0 THEN t ELSE (
          SELECT t + s.d * interval '24 hours' FROM (
            SELECT d, count(*) FILTER (WHERE extract(isodow FROM (t + d * interval '24 hours') AT TIME ZONE 'Europe/Amsterdam') < 6)
                        OVER (ORDER BY d) AS counted
              FROM generate_series(1, n * 2 + 7) AS d) s
           WHERE s.counted = n ORDER BY s.d LIMIT 1) END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION working_days_between(a timestamptz, b timestamptz) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN b <= a THEN 0 ELSE 1 + (
          SELECT count(*)::int FROM generate_series(1, ceil(extract(epoch FROM b - a) / 86400)::int - 1) AS d
           WHERE extract(isodow FROM (a + d * interval '24 hours') AT TIME ZONE 'Europe/Amsterdam') < 6) END
      $$`);
    await q.query(`DROP FUNCTION working_days_upto(integer)`);
  }
}

/** case_clock_rows as migration 1764000900200 made it (frozen here: that migration never changes). */
const CLOCK_ROWS_VIEW = `
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
      FROM handovers h JOIN cases c ON c.id = h.case_id`;

/** Starts when the intake is concluded; stops at the first held conference (or the closing). */
const FIRST_CONFERENCE_BRANCH = `
    UNION ALL
    SELECT c.id, 'first_conference', NULL, NULL, k.concluded_at,
           add_working_days(k.concluded_at, clock_target('first_conference', c.urgency)), COALESCE(f.first_at, c.closed_at)
      FROM cases c JOIN intakes k ON k.case_id = c.id AND k.concluded_at IS NOT NULL
      LEFT JOIN LATERAL (SELECT min(x.held_at) AS first_at FROM case_conferences x WHERE x.case_id = c.id AND x.status = 'held') f ON true`;
