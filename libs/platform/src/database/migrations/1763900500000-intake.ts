import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000, timelineView } from './timeline-branches';

/**
 * The joint intake (design.md §2): one intake per case, the disciplines' records (interviews by
 * police, examinations by forensic medicine, assessments by social work), their disclosures and the
 * immutable conclusion. Records are never edited or deleted; the one change a restricted record
 * takes is its disclosure, once.
 */
export class Intake1763900500000 implements MigrationInterface {
  name = 'Intake1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intakes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
        scheduled_at timestamptz NOT NULL,
        participant_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','concluded')),
        scheduled_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        concluded_at timestamptz,
        concluded_by uuid REFERENCES users(id),
        decision text,
        safety text CHECK (safety IN ('unsafe','conditionally_safe','safe')),
        lead_user_id uuid REFERENCES users(id),
        actions jsonb,
        waived_disciplines jsonb,
        CHECK ((status = 'concluded') = (concluded_at IS NOT NULL)),
        CHECK (status = 'planned' OR (concluded_by IS NOT NULL AND decision IS NOT NULL AND safety IS NOT NULL
               AND lead_user_id IS NOT NULL AND actions IS NOT NULL AND waived_disciplines IS NOT NULL))
      )`);
    // A conclusion is immutable (design.md §2), and an intake is never deleted.
    await q.query(`
      CREATE FUNCTION intakes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status = 'concluded' THEN
          RAISE EXCEPTION 'a concluded intake is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER intakes_immutable_conclusion BEFORE UPDATE OR DELETE ON intakes FOR EACH ROW EXECUTE FUNCTION intakes_guard()`,
    );

    const disclosureColumns = `
        disclosure_summary text,
        disclosure_legal_basis text CHECK (disclosure_legal_basis IN ('consent','statutory_duty','right_to_report','conflict_of_duties','data_sharing_agreement')),
        disclosure_note text,
        disclosed_at timestamptz,
        disclosed_by uuid REFERENCES users(id),
        CHECK ((disclosed_at IS NULL) = (disclosure_summary IS NULL)
           AND (disclosed_at IS NULL) = (disclosure_legal_basis IS NULL)
           AND (disclosed_at IS NULL) = (disclosed_by IS NULL))`;

    await q.query(`
      CREATE TABLE intake_interviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES case_persons(id),
        kind text NOT NULL CHECK (kind IN ('studio','witness','suspect','reporter')),
        conducted_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        location text NOT NULL,
        interviewer_ids uuid[] NOT NULL DEFAULT '{}',
        recording_reference text,
        summary text NOT NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        author_discipline text NOT NULL CHECK (author_discipline = 'police'),
        created_at timestamptz NOT NULL,
        ${disclosureColumns}
      )`);
    await q.query(`CREATE INDEX intake_interviews_case_idx ON intake_interviews (case_id, seq DESC)`);
    // "Tell once": the case's persons count their studio interviews with this index.
    await q.query(`CREATE INDEX intake_interviews_person_idx ON intake_interviews (person_id) WHERE kind = 'studio'`);

    await q.query(`
      CREATE TABLE intake_examinations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES case_persons(id),
        examined_at timestamptz NOT NULL,
        context text NOT NULL CHECK (context IN ('forensic','treating')),
        consent jsonb NOT NULL,
        findings jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(findings) = 'array'),
        conclusion text NOT NULL CHECK (conclusion IN ('consistent_with_inflicted','consistent_with_accidental','inconclusive','no_findings')),
        -- Evidence is a reference and its SHA-256, never the file.
        evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'
          AND NOT jsonb_path_exists(evidence, '$[*] ? (!(@.sha256 like_regex "^[0-9a-f]{64}$"))')),
        author_id uuid NOT NULL REFERENCES users(id),
        author_discipline text NOT NULL CHECK (author_discipline = 'forensic_medicine'),
        created_at timestamptz NOT NULL,
        ${disclosureColumns}
      )`);
    await q.query(`CREATE INDEX intake_examinations_case_idx ON intake_examinations (case_id, seq DESC)`);

    await q.query(`
      CREATE TABLE intake_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        instrument text NOT NULL CHECK (instrument IN ('LIRIK','ARIJ','other')),
        answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
        -- The instrument never decides: the professional's reasoned judgement is required.
        judgement text NOT NULL CHECK (length(btrim(judgement)) > 0),
        safety text NOT NULL CHECK (safety IN ('unsafe','conditionally_safe','safe')),
        person_ids uuid[] NOT NULL DEFAULT '{}',
        author_id uuid NOT NULL REFERENCES users(id),
        author_discipline text NOT NULL CHECK (author_discipline = 'social_work'),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX intake_assessments_case_idx ON intake_assessments (case_id, seq DESC)`);

    // Records are never edited or deleted; an interview or examination takes its disclosure once.
    await q.query(`
      CREATE FUNCTION intake_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        disclosure text[] := ARRAY['disclosure_summary','disclosure_legal_basis','disclosure_note','disclosed_at','disclosed_by'];
      BEGIN
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME IN ('intake_interviews','intake_examinations')
           AND (to_jsonb(OLD) ->> 'disclosed_at') IS NULL
           AND (to_jsonb(NEW) - disclosure) = (to_jsonb(OLD) - disclosure) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% records are never changed or deleted: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['intake_interviews', 'intake_examinations', 'intake_assessments']) {
      await q.query(
        `CREATE TRIGGER ${table}_guard BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION intake_records_guard()`,
      );
    }

    // The whole timeline as it stands from here on: the cases' branches and the intake's (timeline-branches.ts).
    await q.query(timelineView(CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(timelineView(CASES_TIMELINE_1763900300000));
    await q.query(`DROP TABLE intake_assessments`);
    await q.query(`DROP TABLE intake_examinations`);
    await q.query(`DROP TABLE intake_interviews`);
    await q.query(`DROP FUNCTION intake_records_guard()`);
    await q.query(`DROP TABLE intakes`);
    await q.query(`DROP FUNCTION intakes_guard()`);
  }
}
