import type { MigrationInterface, QueryRunner } from 'typeorm';

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

    // Timeline branches. Interviews and examinations are restricted to their author's discipline;
    // their disclosure (shown to the whole team) sits in the disclosure column.
    const disclosure = (t: string) => `CASE WHEN ${t}.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', ${t}.disclosure_summary,
                 'legalBasis', ${t}.disclosure_legal_basis, 'note', ${t}.disclosure_note, 'disclosedAt', ${t}.disclosed_at,
                 'disclosedBy', ${t}.disclosed_by) END`;
    await extendTimeline(
      q,
      `
        SELECT i.case_id, i.created_at, 'iv:' || lpad(i.seq::text, 20, '0'), 'interview.recorded', i.author_id, i.id, i.author_discipline,
               jsonb_build_object('personId', i.person_id, 'kind', i.kind, 'conductedAt', i.conducted_at, 'durationMinutes', i.duration_minutes,
                 'location', i.location, 'interviewerIds', to_jsonb(i.interviewer_ids), 'recordingReference', i.recording_reference,
                 'summary', i.summary),
               ARRAY[i.person_id], ${disclosure('i')}
          FROM intake_interviews i
        UNION ALL
        SELECT x.case_id, x.created_at, 'ix:' || lpad(x.seq::text, 20, '0'), 'examination.recorded', x.author_id, x.id, x.author_discipline,
               jsonb_build_object('personId', x.person_id, 'examinedAt', x.examined_at, 'context', x.context, 'consent', x.consent,
                 'findings', x.findings, 'conclusion', x.conclusion, 'evidence', x.evidence),
               ARRAY[x.person_id], ${disclosure('x')}
          FROM intake_examinations x
        UNION ALL
        SELECT i.case_id, i.disclosed_at, 'id:' || i.id::text, 'record.disclosed', i.disclosed_by, i.id, NULL::text,
               jsonb_build_object('recordType', 'interview', 'recordId', i.id, 'authorDiscipline', i.author_discipline),
               '{}'::uuid[], ${disclosure('i')}
          FROM intake_interviews i WHERE i.disclosed_at IS NOT NULL
        UNION ALL
        SELECT x.case_id, x.disclosed_at, 'id:' || x.id::text, 'record.disclosed', x.disclosed_by, x.id, NULL::text,
               jsonb_build_object('recordType', 'examination', 'recordId', x.id, 'authorDiscipline', x.author_discipline),
               '{}'::uuid[], ${disclosure('x')}
          FROM intake_examinations x WHERE x.disclosed_at IS NOT NULL
        UNION ALL
        SELECT a.case_id, a.created_at, 'ia:' || lpad(a.seq::text, 20, '0'), 'assessment.recorded', a.author_id, a.id, NULL::text,
               jsonb_build_object('instrument', a.instrument, 'answers', a.answers, 'judgement', a.judgement, 'safety', a.safety),
               a.person_ids, NULL::jsonb
          FROM intake_assessments a
        UNION ALL
        SELECT k.case_id, k.created_at, 'is:' || k.id::text, 'intake.scheduled', k.scheduled_by, k.id, NULL::text,
               jsonb_build_object('scheduledAt', k.scheduled_at, 'participantIds', to_jsonb(k.participant_ids)),
               '{}'::uuid[], NULL::jsonb
          FROM intakes k
        UNION ALL
        SELECT k.case_id, k.concluded_at, 'ic:' || k.id::text, 'intake.concluded', k.concluded_by, k.id, NULL::text,
               jsonb_build_object('decision', k.decision, 'safety', k.safety, 'leadUserId', k.lead_user_id, 'actions', k.actions,
                 'waivedDisciplines', k.waived_disciplines),
               '{}'::uuid[], NULL::jsonb
          FROM intakes k WHERE k.concluded_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await removeFromTimeline(q, /\b(intake_interviews|intake_examinations|intake_assessments|intakes)\b/);
    await q.query(`DROP TABLE intake_assessments`);
    await q.query(`DROP TABLE intake_examinations`);
    await q.query(`DROP TABLE intake_interviews`);
    await q.query(`DROP FUNCTION intake_records_guard()`);
    await q.query(`DROP TABLE intakes`);
    await q.query(`DROP FUNCTION intakes_guard()`);
  }
}

// Kept inside this file on purpose: a migration never changes after it lands, so it shares no code
// that could change under it. Other contexts extend the same view the same way, in any order.
async function timelineDefinition(q: QueryRunner): Promise<string> {
  const rows = (await q.query(`SELECT pg_get_viewdef('case_timeline'::regclass) AS def`)) as { def: string }[];
  return rows[0].def.trim().replace(/;\s*$/, '');
}

async function extendTimeline(q: QueryRunner, branches: string): Promise<void> {
  await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${await timelineDefinition(q)} UNION ALL ${branches}`);
}

/** Drops the branches that read the given tables; the view's other branches stay as they are. */
async function removeFromTimeline(q: QueryRunner, tables: RegExp): Promise<void> {
  const branches = (await timelineDefinition(q)).split(/\n\s*UNION ALL\s*\n/);
  const kept = branches.filter((branch) => !tables.test(branch));
  // The view's columns must stay; recreate it (dropping works whatever order the branches are in).
  await q.query(`DROP VIEW case_timeline`);
  await q.query(`CREATE VIEW case_timeline AS ${kept.join('\nUNION ALL\n')}`);
}
