import type { Tx } from '@oneroof/platform';
import { IntakeError } from './intake-errors';
import type { SupplementaryApproval } from './intake-model';
import { lockStudioHistory } from './intake-repository';

/**
 * design.md §8 "tell once": a child who already had a studio interview is interviewed again only as
 * a supplementary interview, approved (by the public prosecutor) and with a reason: 422 otherwise.
 * A supplementary claim for a child with no studio interview yet is refused as well, so that the
 * audit's `interview.create_supplementary` always means what it says. The person row is locked, so
 * that two first interviews recorded at once cannot both pass as the first.
 */
export async function checkTellOnce(
  tx: Tx,
  personId: string,
  interviewerIds: string[],
  supplementary: SupplementaryApproval | undefined,
): Promise<{ sameInterviewer: boolean }> {
  const row = await lockStudioHistory(tx, personId);
  const hadStudio = row !== undefined && row.child && row.first_interviewers !== null;
  if (hadStudio && !supplementary) {
    throw new IntakeError('rule', 'SUPPLEMENTARY_REQUIRED', 'The child has told their story in a studio interview already.', {
      errors: [
        { field: 'supplementary', message: 'the child had a studio interview: a further one needs supplementary {reason, approvedBy}' },
      ],
    });
  }
  if (!hadStudio && supplementary) {
    throw new IntakeError('rule', 'NOT_SUPPLEMENTARY', 'This is not a supplementary interview.', {
      errors: [{ field: 'supplementary', message: 'the person had no studio interview as a child: leave supplementary out' }],
    });
  }
  const first = new Set(row?.first_interviewers ?? []);
  return { sameInterviewer: hadStudio && interviewerIds.some((id) => first.has(id)) };
}
