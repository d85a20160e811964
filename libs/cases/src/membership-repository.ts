import { currentMembershipSql } from '@oneroof/access';
import type { Tx } from '@oneroof/platform';
import type { TeamMember, TeamRole } from './case-model';

/**
 * case_memberships belongs to the case file: this file holds every statement on it. Other contexts
 * read memberships and move roles only through the functions that libs/cases exports (index.ts):
 * transferRole for a handover's acceptance, moveLead for an intake's conclusion; the table-ownership
 * test (test/table-ownership.e2e-spec.ts) fails on a write to it from anywhere else.
 */
export interface CurrentMembership {
  id: string;
  role: TeamRole;
}

const CURRENT = currentMembershipSql();

/** The user's current membership of the case; `lock` holds it for the transaction (an end takes turns with it). */
export async function currentMembership(
  tx: Tx,
  caseId: string,
  userId: string,
  lock?: 'update' | 'share',
): Promise<CurrentMembership | undefined> {
  return tx.one<CurrentMembership>(
    `SELECT id, role FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND ${CURRENT}
      ${lock === 'update' ? 'FOR UPDATE' : lock === 'share' ? 'FOR SHARE' : ''}`,
    [caseId, userId],
  );
}

export async function currentLeadId(tx: Tx, caseId: string): Promise<string | undefined> {
  return (
    await tx.one<{ user_id: string }>(`SELECT user_id FROM case_memberships WHERE case_id = $1 AND role = 'lead' AND ${CURRENT}`, [caseId])
  )?.user_id;
}

/** How many of `userIds` are on the case's team now. */
export async function countCurrentMembers(tx: Tx, caseId: string, userIds: string[]): Promise<number> {
  const row = await tx.one<{ n: number }>(
    `SELECT count(DISTINCT user_id)::int AS n FROM case_memberships WHERE case_id = $1 AND ${CURRENT} AND user_id = ANY($2::uuid[])`,
    [caseId, userIds],
  );
  return row!.n;
}

/**
 * Whether the user may hold a place on a team (membership-rules.ts): a read of the identity
 * context's table. With `share`, the row is read FOR SHARE: a deactivation (which takes the row's
 * exclusive lock, then the user's open handovers) waits for this transaction and then sees what it
 * made, or this one waits for it and reads the user as inactive. Only for a caller that holds no
 * handover row: one that does (an acceptance) would wait for the user while the deactivation waits
 * for its handover.
 */
/**
 * Whether the account is active, whatever its roles, read FOR SHARE when asked (as above): for a
 * caller already past its sign-in check who must see a deactivation that committed since.
 */
export async function isActiveAccount(tx: Tx, userId: string, options: { share?: boolean } = {}): Promise<boolean> {
  const lock = options.share ? ' FOR SHARE' : '';
  return (await tx.one(`SELECT 1 FROM users WHERE id = $1 AND active${lock}`, [userId])) !== undefined;
}

export async function isActiveProfessional(tx: Tx, userId: string, options: { share?: boolean } = {}): Promise<boolean> {
  const lock = options.share ? ' FOR SHARE' : '';
  return (await tx.one(`SELECT 1 FROM users WHERE id = $1 AND active AND 'professional' = ANY(roles)${lock}`, [userId])) !== undefined;
}

/**
 * The current team of case `c` as three parallel arrays in the same order as currentTeam, to be read
 * in the statement that reads the case header: one round trip fewer on every read of a case file
 * (issue 11). Arrays rather than json_agg, so that pg parses `since` exactly as in currentTeam.
 */
export const TEAM_ARRAY_COLUMNS = `(SELECT array_agg(m.user_id ORDER BY m.role = 'lead' DESC, m.since, m.user_id) FROM case_memberships m
     WHERE m.case_id = c.id AND ${currentMembershipSql('m')}) AS team_user_ids,
  (SELECT array_agg(m.role ORDER BY m.role = 'lead' DESC, m.since, m.user_id) FROM case_memberships m
     WHERE m.case_id = c.id AND ${currentMembershipSql('m')})::text[] AS team_roles,
  (SELECT array_agg(m.since ORDER BY m.role = 'lead' DESC, m.since, m.user_id) FROM case_memberships m
     WHERE m.case_id = c.id AND ${currentMembershipSql('m')}) AS team_since`;

export interface TeamArrays {
  team_user_ids: string[] | null;
  team_roles: TeamRole[] | null;
  team_since: Date[] | null;
}

export function teamFromArrays(row: TeamArrays): TeamMember[] {
  const ids = row.team_user_ids ?? [];
  return ids.map((userId, i) => ({ userId, role: row.team_roles![i], since: row.team_since![i] }));
}

export async function currentTeam(tx: Tx, caseId: string): Promise<TeamMember[]> {
  const rows = await tx.query<{ user_id: string; role: TeamRole; since: Date }>(
    `SELECT user_id, role, since FROM case_memberships WHERE case_id = $1 AND ${CURRENT} ORDER BY role = 'lead' DESC, since, user_id`,
    [caseId],
    { prepare: true },
  );
  return rows.map((m) => ({ userId: m.user_id, role: m.role, since: m.since }));
}

interface NewMembership {
  caseId: string;
  userId: string;
  role: TeamRole;
  at: Date;
  addedBy: string;
}

/** A new current membership; false when the user has one already (the partial unique index decides). */
export async function addMembership(tx: Tx, m: NewMembership): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO case_memberships (case_id, user_id, role, since, added_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, user_id) WHERE ${CURRENT} DO NOTHING RETURNING id`,
    [m.caseId, m.userId, m.role, m.at, m.addedBy],
  );
  return inserted.length > 0;
}

/** Ends one membership; the row stays, as the team's history (the timeline's team.left). */
export async function endMembership(tx: Tx, membershipId: string, end: { at: Date; by: string; reason: string }): Promise<void> {
  await tx.query(`UPDATE case_memberships SET until = $2, ended_by = $3, ended_reason = $4 WHERE id = $1`, [
    membershipId,
    end.at,
    end.by,
    end.reason,
  ]);
}

/**
 * A handover's acceptance (design.md §2): the sender's membership ends and the receiver takes the
 * sender's role, in the caller's transaction. The sender's membership ends before the receiver's
 * begins: at most one current lead is an immediate unique index, exactly one lead a deferred trigger
 * checked at commit. The receiver may be on the team already (added since the proposal, or the
 * receiver of another handover accepted first): they keep one current membership with the stronger
 * role, so a lead stays lead when a member's handover to them is accepted too, and that handover
 * still ends its sender's membership (issue 15 finding 8). False, with nothing written, when the
 * sender is not on the team.
 */
export async function transferRole(
  tx: Tx,
  t: { caseId: string; fromUserId: string; toUserId: string; at: Date; by: string },
): Promise<boolean> {
  const sender = await currentMembership(tx, t.caseId, t.fromUserId, 'update');
  if (!sender) return false;
  await endMembership(tx, sender.id, { at: t.at, by: t.by, reason: 'handed_over' });
  const current = await currentMembership(tx, t.caseId, t.toUserId, 'update');
  const role = current?.role === 'lead' ? 'lead' : sender.role;
  if (current && current.role === role) return true;
  if (current) await endMembership(tx, current.id, { at: t.at, by: t.by, reason: 'role_changed' });
  await insertMembership(tx, { caseId: t.caseId, userId: t.toUserId, role, at: t.at, addedBy: t.fromUserId });
  return true;
}

/**
 * An intake's conclusion names a new lead (design.md §2): the current lead and the new lead's
 * membership end, the new lead leads and the old lead stays on as a member, in the caller's
 * transaction. The caller has checked what its rule needs (no open handover of either).
 */
export async function moveLead(
  tx: Tx,
  m: { caseId: string; fromUserId: string | undefined; toUserId: string; at: Date; by: string; reason: string },
): Promise<void> {
  await tx.query(
    `UPDATE case_memberships SET until = $3, ended_by = $4, ended_reason = $5
      WHERE case_id = $1 AND ${CURRENT} AND (role = 'lead' OR user_id = $2)`,
    [m.caseId, m.toUserId, m.at, m.by, m.reason],
  );
  await insertMembership(tx, { caseId: m.caseId, userId: m.toUserId, role: 'lead', at: m.at, addedBy: m.by });
  // An open case always has a lead; the guard only keeps a broken case from failing here.
  if (m.fromUserId) await insertMembership(tx, { caseId: m.caseId, userId: m.fromUserId, role: 'member', at: m.at, addedBy: m.by });
}

async function insertMembership(tx: Tx, m: NewMembership): Promise<void> {
  await tx.query(`INSERT INTO case_memberships (case_id, user_id, role, since, added_by) VALUES ($1, $2, $3, $4, $5)`, [
    m.caseId,
    m.userId,
    m.role,
    m.at,
    m.addedBy,
  ]);
}
