import type { Assessment, AssessmentInstrument, Safety } from './intake-model';
import { toAuthored, type AuthoredRow } from './record-rows';

/** An assessment is team content: every reader of the case sees it in full. */
export const ASSESSMENT_COLUMNS = `a.id, a.seq, a.case_id, a.author_id, a.author_discipline, a.created_at, a.instrument, a.answers, a.judgement, a.safety, a.person_ids`;

export interface AssessmentRow extends AuthoredRow {
  instrument: AssessmentInstrument;
  answers: Record<string, unknown>;
  judgement: string;
  safety: Safety;
  person_ids: string[];
}

export const toAssessment = (row: AssessmentRow): Assessment => ({
  ...toAuthored(row),
  instrument: row.instrument,
  answers: row.answers,
  judgement: row.judgement,
  safety: row.safety,
  personIds: row.person_ids,
});
