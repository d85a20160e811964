import type { Consent, Evidence, Examination, ExaminationConclusion, ExaminationContext, Finding } from './intake-model';
import { disclosureColumns, forAuthorDiscipline, recordHeadColumns, toDisclosure, toRecordHead, type RecordHeadRow } from './record-rows';

/** An examination as the reader (`$2`: discipline) may see it; forensic medicine in full, others its head. */
export const EXAMINATION_COLUMNS = `${recordHeadColumns('x')},
  ${forAuthorDiscipline('x', 'person_id')},
  ${forAuthorDiscipline('x', 'examined_at')},
  ${forAuthorDiscipline('x', 'context')},
  ${forAuthorDiscipline('x', 'consent')},
  ${forAuthorDiscipline('x', 'findings', `'[]'::jsonb`)},
  ${forAuthorDiscipline('x', 'conclusion')},
  ${forAuthorDiscipline('x', 'evidence', `'[]'::jsonb`)},
  ${disclosureColumns('x')}`;

export interface ExaminationRow extends RecordHeadRow {
  person_id: string | null;
  examined_at: Date | null;
  context: ExaminationContext | null;
  consent: Consent | null;
  findings: Finding[];
  conclusion: ExaminationConclusion | null;
  evidence: Evidence[];
}

export const toExamination = (row: ExaminationRow): Examination => ({
  ...toRecordHead(row),
  personId: row.person_id,
  examinedAt: row.examined_at,
  context: row.context,
  consent: row.consent,
  findings: row.findings,
  conclusion: row.conclusion,
  evidence: row.evidence,
  disclosure: toDisclosure(row),
});
