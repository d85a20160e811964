import type { Tx } from '@oneroof/platform';
import { CasesError } from './cases-errors';

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
): Promise<void> {
  const user = await tx.one(`SELECT 1 FROM users WHERE id = $1 AND active AND 'professional' = ANY(roles)`, [userId]);
  if (!user) {
    const message = `${field} names no active professional`;
    throw new CasesError('rule', code, message, { errors: [{ field, message }] });
  }
}
