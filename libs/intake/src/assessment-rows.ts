import type { Assessment, AssessmentInstrument, Safety } from './intake-model';

/** An assessment is team content: every reader of the case sees it in full. */
export const ASSESSMENT_COLUMNS = `a.id, a.seq, a.case_id, a.author_id, a.author_discipline, a.created_at, a.instrument, a.answers, a.judgement, a.safety, a.person_ids`;

export interface AssessmentRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  created_at: Date;
  instrument: AssessmentInstrument;
  answers: Record<string, unknown>;
  judgement: string;
  safety: Safety;
  person_ids: string[];
}

export const toAssessment = (row: AssessmentRow): Assessment => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  createdAt: row.created_at,
  instrument: row.instrument,
  answers: row.answers,
  judgement: row.judgement,
  safety: row.safety,
  personIds: row.person_ids,
});
