import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8: when the report reached the centre (the clocks and figures run from it), the CBS
 * code of the family's municipality and the kinds of violence, so that a region's figures can be
 * read by municipality and type. Existing cases were reported when they were opened.
 */
export class CaseReportFields1764000900000 implements MigrationInterface {
  name = 'CaseReportFields1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN reported_at timestamptz, ADD COLUMN municipality_code text,
      ADD COLUMN violence_types text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE cases SET reported_at = opened_at`);
    await q.query(`ALTER TABLE cases ALTER COLUMN reported_at SET NOT NULL,
      ADD CONSTRAINT cases_reported_before_opened CHECK (reported_at <= opened_at),
      ADD CONSTRAINT cases_municipality_code CHECK (municipality_code ~ '^GM[0-9]{4}$'),
      ADD CONSTRAINT cases_violence_types CHECK (violence_types <@ ARRAY['physical_abuse','sexual_abuse','emotional_abuse','neglect',
        'witnessing_domestic_violence','partner_violence','elder_abuse','honour_related','other']::text[])`);
    await q.query(`CREATE INDEX cases_reported_idx ON cases (reported_at)`);
    // A writer that names no reportedAt (older code, seeds, benches) reports the case when it opens it.
    await q.query(`
      CREATE FUNCTION cases_reported_default() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.reported_at := COALESCE(NEW.reported_at, NEW.opened_at);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER cases_reported_default BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION cases_reported_default()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER cases_reported_default ON cases`);
    await q.query(`DROP FUNCTION cases_reported_default()`);
    await q.query(`DROP INDEX cases_reported_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN violence_types, DROP COLUMN municipality_code, DROP COLUMN reported_at`);
  }
}
