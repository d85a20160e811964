import { openHandoverSql } from '@oneroof/access';
import type { Tx } from '@oneroof/platform';
import { ASSESSMENT_COLUMNS, type AssessmentRow } from './assessment-rows';
import type { Contributions } from './conclusion-readiness';
import { EXAMINATION_COLUMNS, type ExaminationRow } from './examination-rows';
import type { Consent, Evidence, Finding, InterviewKind, IntakeStatus, LegalBasis, Safety, AssessmentInstrument } from './intake-model';
import { contributionCounts, INTAKE_COLUMNS, type IntakeRow } from './intake-rows';
import { INTERVIEW_COLUMNS, type InterviewRow } from './interview-rows';

/**
 * The intake context's tables (intakes, intake_interviews, intake_examinations, intake_assessments)
 * and every statement on them: the services keep the use cases (who may, what must hold, the
 * events), this file the SQL. Nothing else writes these tables (test/table-ownership.e2e-spec.ts).
 * Reads of the other discipline's records are masked in SQL: `$2` is always the reader's discipline.
 */

/** A discipline-restricted record's table as its kind names it (restricted-records.ts). */
export interface RecordTable {
  table: 'intake_interviews' | 'intake_examinations';
  alias: string;
  /** The columns as the reader may see them; `$2` is the reader's discipline. */
  columns: string;
}

// ---- the joint intake

/** The new intake's id; undefined when the case has one already (one per case, the unique key decides). */
export async function insertIntake(
  tx: Tx,
  i: { caseId: string; scheduledAt: Date; participantIds: string[]; scheduledBy: string; at: Date },
): Promise<string | undefined> {
  const created = await tx.one<{ id: string }>(
    `INSERT INTO intakes (case_id, scheduled_at, participant_ids, scheduled_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_id) DO NOTHING RETURNING id`,
    [i.caseId, i.scheduledAt, i.participantIds, i.scheduledBy, i.at],
  );
  return created?.id;
}

export async function loadIntake(tx: Tx, caseId: string): Promise<IntakeRow | undefined> {
  return tx.one<IntakeRow>(`SELECT ${INTAKE_COLUMNS} FROM intakes k WHERE k.case_id = $1`, [caseId]);
}

/** The case's intake with what each discipline contributed, locked until the conclusion is written. */
export async function lockIntakeForConclusion(
  tx: Tx,
  caseId: string,
): Promise<({ id: string; status: IntakeStatus } & Contributions) | undefined> {
  return tx.one<{ id: string; status: IntakeStatus } & Contributions>(
    `SELECT k.id, k.status, ${contributionCounts('k.case_id')} FROM intakes k WHERE k.case_id = $1 FOR UPDATE`,
    [caseId],
  );
}

export async function recordConclusion(
  tx: Tx,
  intakeId: string,
  c: {
    at: Date;
    by: string;
    decision: string;
    safety: Safety;
    leadUserId: string;
    actions: unknown[];
    waivedDisciplines: { discipline: string; reason: string }[];
  },
): Promise<void> {
  await tx.query(
    `UPDATE intakes SET status = 'concluded', concluded_at = $2, concluded_by = $3, decision = $4, safety = $5, lead_user_id = $6,
                  actions = $7::jsonb, waived_disciplines = $8::jsonb
            WHERE id = $1`,
    [intakeId, c.at, c.by, c.decision, c.safety, c.leadUserId, JSON.stringify(c.actions), JSON.stringify(c.waivedDisciplines)],
  );
}

/** Whether any of `userIds` is the sender of an open handover of the case (read of the handovers context's table). */
export async function sendsOpenHandover(tx: Tx, caseId: string, userIds: string[]): Promise<boolean> {
  const handover = await tx.one(
    `SELECT 1 FROM handovers h WHERE h.case_id = $1 AND h.from_user_id = ANY($2::uuid[]) AND ${openHandoverSql('h')}`,
    [caseId, userIds],
  );
  return handover !== undefined;
}

// ---- the disciplines' records

export async function insertInterview(
  tx: Tx,
  i: {
    caseId: string;
    authorDiscipline: string;
    personId: string;
    kind: InterviewKind;
    conductedAt: Date;
    durationMinutes: number;
    location: string;
    interviewerIds: string[];
    recordingReference: string | null;
    summary: string;
    authorId: string;
    at: Date;
    supplementaryReason: string | null;
    supplementaryApprovedBy: string | null;
    sameInterviewer: boolean;
  },
): Promise<InterviewRow> {
  // The author reads what they wrote: `$2` is both the author's and the reader's discipline.
  const row = await tx.one<InterviewRow>(
    `INSERT INTO intake_interviews AS i (case_id, author_discipline, person_id, kind, conducted_at, duration_minutes, location,
           interviewer_ids, recording_reference, summary, author_id, created_at, supplementary_reason, supplementary_approved_by,
           same_interviewer)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING ${INTERVIEW_COLUMNS}`,
    [
      i.caseId,
      i.authorDiscipline,
      i.personId,
      i.kind,
      i.conductedAt,
      i.durationMinutes,
      i.location,
      i.interviewerIds,
      i.recordingReference,
      i.summary,
      i.authorId,
      i.at,
      i.supplementaryReason,
      i.supplementaryApprovedBy,
      i.sameInterviewer,
    ],
  );
  return row!;
}

export async function insertExamination(
  tx: Tx,
  x: {
    caseId: string;
    authorDiscipline: string;
    personId: string;
    examinedAt: Date;
    context: string;
    consent: Consent;
    findings: Finding[];
    conclusion: string;
    evidence: Evidence[];
    authorId: string;
    at: Date;
  },
): Promise<ExaminationRow> {
  const row = await tx.one<ExaminationRow>(
    `INSERT INTO intake_examinations AS x (case_id, author_discipline, person_id, examined_at, context, consent, findings, conclusion, evidence,
           author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10, $11)
         RETURNING ${EXAMINATION_COLUMNS}`,
    [
      x.caseId,
      x.authorDiscipline,
      x.personId,
      x.examinedAt,
      x.context,
      JSON.stringify(x.consent),
      JSON.stringify(x.findings),
      x.conclusion,
      JSON.stringify(x.evidence),
      x.authorId,
      x.at,
    ],
  );
  return row!;
}

export async function insertAssessment(
  tx: Tx,
  a: {
    caseId: string;
    authorId: string;
    authorDiscipline: string;
    instrument: AssessmentInstrument;
    answers: Record<string, unknown>;
    judgement: string;
    safety: Safety;
    personIds: string[];
    at: Date;
  },
): Promise<AssessmentRow> {
  const row = await tx.one<AssessmentRow>(
    `INSERT INTO intake_assessments AS a (case_id, author_id, author_discipline, instrument, answers, judgement, safety, person_ids, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
         RETURNING ${ASSESSMENT_COLUMNS}`,
    [a.caseId, a.authorId, a.authorDiscipline, a.instrument, JSON.stringify(a.answers), a.judgement, a.safety, a.personIds, a.at],
  );
  return row!;
}

/** Newest first, before the sequence number `after` (a cursor's); `take` is one more than the page. */
export async function listAssessments(tx: Tx, caseId: string, after: string | null, take: number): Promise<AssessmentRow[]> {
  return tx.query<AssessmentRow>(
    `SELECT ${ASSESSMENT_COLUMNS} FROM intake_assessments a
          WHERE a.case_id = $1 AND ($2::bigint IS NULL OR a.seq < $2::bigint)
          ORDER BY a.seq DESC LIMIT $3`,
    [caseId, after, take],
  );
}

/** Interviews or examinations as a reader of `readerDiscipline` may see them, newest first. */
export async function listRecords<Row>(
  tx: Tx,
  kind: RecordTable,
  q: { caseId: string; readerDiscipline: string | null; after: string | null; take: number },
): Promise<Row[]> {
  const t = kind.alias;
  return tx.query<Row>(
    `SELECT ${kind.columns} FROM ${kind.table} ${t}
        WHERE ${t}.case_id = $1 AND ($3::bigint IS NULL OR ${t}.seq < $3::bigint)
        ORDER BY ${t}.seq DESC LIMIT $4`,
    [q.caseId, q.readerDiscipline, q.after, q.take],
  );
}

export async function loadRecord<Row>(tx: Tx, kind: RecordTable, recordId: string, readerDiscipline: string): Promise<Row | undefined> {
  return tx.one<Row>(`SELECT ${kind.columns} FROM ${kind.table} ${kind.alias} WHERE ${kind.alias}.id = $1`, [recordId, readerDiscipline]);
}

/** What a disclosure needs of its record, locked so that it is disclosed once. */
export async function lockRecordForDisclosure(
  tx: Tx,
  table: RecordTable['table'],
  recordId: string,
  caseId: string,
): Promise<{ person_id: string; author_discipline: string; disclosed_at: Date | null } | undefined> {
  return tx.one<{ person_id: string; author_discipline: string; disclosed_at: Date | null }>(
    `SELECT person_id, author_discipline, disclosed_at FROM ${table} WHERE id = $1 AND case_id = $2 FOR UPDATE`,
    [recordId, caseId],
  );
}

export async function recordDisclosure(
  tx: Tx,
  table: RecordTable['table'],
  recordId: string,
  d: { summary: string; legalBasis: LegalBasis; note: string | null; at: Date; by: string },
): Promise<void> {
  await tx.query(
    `UPDATE ${table} SET disclosure_summary = $2, disclosure_legal_basis = $3, disclosure_note = $4, disclosed_at = $5, disclosed_by = $6
      WHERE id = $1`,
    [recordId, d.summary, d.legalBasis, d.note, d.at, d.by],
  );
}

/**
 * Tell once: whether the person is a child and who held their first studio interview (null: none
 * yet). The person row is locked, so that two first interviews recorded at once cannot both pass.
 */
export async function lockStudioHistory(
  tx: Tx,
  personId: string,
): Promise<{ child: boolean; first_interviewers: string[] | null } | undefined> {
  const [row] = await tx.query<{ child: boolean; first_interviewers: string[] | null }>(
    `SELECT p.family_role = 'child' AS child,
            (SELECT i.interviewer_ids FROM intake_interviews i WHERE i.person_id = p.id AND i.kind = 'studio'
              ORDER BY i.conducted_at, i.seq LIMIT 1) AS first_interviewers
       FROM case_persons p WHERE p.id = $1 FOR UPDATE OF p`,
    [personId],
  );
  return row;
}

/** How many of `userIds` are users (a read of the identity context's table). */
export async function countUsers(tx: Tx, userIds: string[]): Promise<number> {
  const found = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[])`, [userIds]);
  return found!.n;
}
