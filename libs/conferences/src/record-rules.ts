import type { FieldProblem } from '@oneroof/platform';
import type { RecordConferenceInput } from './conference-model';

const blank = (text: string | null | undefined) => !text || text.trim().length === 0;

/**
 * What a conference record lacks (design.md §7): the family's participation and the child's view are
 * always stated; a reason is required for `not_informed` and `not_heard`, and a view that was heard
 * (in person, in writing or through a representative) is recorded as its summary. One problem per
 * field, all at once.
 */
export function missingRecordItems(input: Pick<RecordConferenceInput, 'familyParticipation' | 'childView'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const family = input.familyParticipation;
  if (!family) problems.push({ field: 'familyParticipation', message: 'familyParticipation is required' });
  else if (family.mode === 'not_informed' && blank(family.reason)) {
    problems.push({ field: 'familyParticipation.reason', message: 'a reason is required when the family was not informed' });
  }
  const child = input.childView;
  if (!child) problems.push({ field: 'childView', message: "childView is required: the child's view, or why it is missing" });
  else if (child.mode === 'not_heard') {
    if (blank(child.reason)) problems.push({ field: 'childView.reason', message: 'a reason is required when the child was not heard' });
  } else if (blank(child.summary)) {
    problems.push({ field: 'childView.summary', message: `the child's view is recorded as a summary when ${child.mode}` });
  }
  return problems;
}
