import type { Consent, Evidence, Examination, ExaminationConclusion, ExaminationContext, Finding } from './intake-model';
import { disclosureColumns, forAuthorDiscipline, recordRestricted, toDisclosure, type DisclosureRow } from './record-rows';

/** An examination as the reader (`$2`: discipline) may see it; forensic medicine in full, others its head. */
export const EXAMINATION_COLUMNS = `x.id, x.seq, x.case_id, x.author_id, x.author_discipline, x.created_at,
  ${recordRestricted('x')},
  ${forAuthorDiscipline('x', 'person_id')},
  ${forAuthorDiscipline('x', 'examined_at')},
  ${forAuthorDiscipline('x', 'context')},
  ${forAuthorDiscipline('x', 'consent')},
  ${forAuthorDiscipline('x', 'findings', `'[]'::jsonb`)},
  ${forAuthorDiscipline('x', 'conclusion')},
  ${forAuthorDiscipline('x', 'evidence', `'[]'::jsonb`)},
  ${disclosureColumns('x')}`;

export interface ExaminationRow extends DisclosureRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  created_at: Date;
  restricted: boolean;
  person_id: string | null;
  examined_at: Date | null;
  context: ExaminationContext | null;
  consent: Consent | null;
  findings: Finding[];
  conclusion: ExaminationConclusion | null;
  evidence: Evidence[];
}

export const toExamination = (row: ExaminationRow): Examination => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  createdAt: row.created_at,
  restricted: row.restricted,
  personId: row.person_id,
  examinedAt: row.examined_at,
  context: row.context,
  consent: row.consent,
  findings: row.findings,
  conclusion: row.conclusion,
  evidence: row.evidence,
  disclosure: toDisclosure(row),
});
