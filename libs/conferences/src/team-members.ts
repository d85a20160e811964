import { currentMembershipSql } from '@oneroof/access';
import type { Tx } from '@oneroof/platform';
import { ConferenceError } from './conference-errors';

/** Users named in a body must be current members of the case team: 422 naming the field otherwise. */
export async function requireTeamMembers(tx: Tx, caseId: string, userIds: string[], field: string): Promise<void> {
  const unique = [...new Set(userIds.map((id) => id.toLowerCase()))];
  if (unique.length === 0) return;
  const found = await tx.one<{ n: number }>(
    `SELECT count(DISTINCT user_id)::int AS n FROM case_memberships WHERE case_id = $1 AND user_id = ANY($2::uuid[]) AND ${currentMembershipSql()}`,
    [caseId, unique],
  );
  if (found!.n !== unique.length) {
    throw new ConferenceError('rule', 'NOT_A_TEAM_MEMBER', `${field} must name current members of the case team.`, {
      errors: [{ field, message: `${field} names someone who is not on the case team` }],
    });
  }
}
