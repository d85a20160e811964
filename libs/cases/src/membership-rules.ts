import type { Tx } from '@oneroof/platform';
import { CasesError } from './cases-errors';
import { countCurrentMembers, isActiveProfessional } from './membership-repository';

/**
 * Who may hold a place on a case team, whether added by the lead or as the receiver of a handover:
 * an active account with the `professional` role (design.md §2). An admin-only or coordinator-only
 * account manages or oversees; it does not work cases, and an inactive one can do nothing. One rule
 * for both ways onto a team: a 422 naming `field` otherwise, the same for an id never issued.
 */
export async function requireActiveProfessional(
  tx: Tx,
  userId: string,
  field: string,
  code: 'UNKNOWN_USER' | 'UNKNOWN_RECEIVER',
  options: { share?: boolean } = {},
): Promise<void> {
  if (!(await isActiveProfessional(tx, userId, options))) {
    const message = `${field} names no active professional`;
    throw new CasesError('rule', code, message, { errors: [{ field, message }] });
  }
}

/**
 * Users a body names to act on a case (an intake's participants and lead, a follow-up's assignee, a
 * conference's chair, a safety plan's responsible) must be current members of its team: a 422
 * naming `field` otherwise. One rule for every context that asks, so that they cannot drift apart;
 * ids are compared as uuids, whatever their letter case.
 */
export async function requireTeamMembers(tx: Tx, caseId: string, userIds: readonly string[], field: string): Promise<void> {
  const unique = [...new Set(userIds.map((id) => id.toLowerCase()))];
  if (unique.length === 0) return;
  if ((await countCurrentMembers(tx, caseId, unique)) !== unique.length) {
    const whom = userIds.length === 1 ? 'a current member' : 'current members';
    throw new CasesError('rule', 'NOT_A_TEAM_MEMBER', `${field} must name ${whom} of the case team.`, {
      errors: [{ field, message: `${field} names someone who is not on the case team` }],
    });
  }
}
