import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, writeOutboxEvents, type Tx } from '@oneroof/platform';
import type { TeamMember } from './case-model';
import { CasesError } from './cases-errors';
import { requireActiveProfessional } from './membership-rules';

@Injectable()
export class TeamService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Only the lead adds members; the lead role itself moves only through a handover (design.md §2). */
  async add(actor: Actor, caseId: string, userId: string): Promise<TeamMember[]> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'team.add', resourceType: 'membership', resourceId: userId, need: 'lead', requireOpen: true, lock: true },
      async (tx, access) => {
        await requireActiveProfessional(tx, userId, 'userId', 'UNKNOWN_USER');
        const now = this.clock.now();
        const inserted = await tx.query(
          `INSERT INTO case_memberships (case_id, user_id, role, since, added_by) VALUES ($1, $2, 'member', $3, $4)
           ON CONFLICT (case_id, user_id) WHERE until IS NULL DO NOTHING RETURNING id`,
          [caseId, userId, now, actor.id],
        );
        if (inserted.length === 0) throw new CasesError('conflict', 'ALREADY_MEMBER', 'The user is on the team already.');
        await writeOutboxEvents(tx, [
          { type: 'team.member_added', caseId, payload: { caseReference: access.reference, userId, role: 'member' }, occurredAt: now },
        ]);
        return { result: await currentTeam(tx, caseId) };
      },
    );
  }

  /**
   * The lead removes a member; a member may leave. The lead cannot leave or be removed (the lead
   * moves only by a handover), nor can the sender of an open handover (design.md §2).
   */
  async remove(actor: Actor, caseId: string, userId: string): Promise<TeamMember[]> {
    const leaving = userId === actor.id;
    return this.gate.run(
      actor,
      caseId,
      {
        action: 'team.remove',
        resourceType: 'membership',
        resourceId: userId,
        need: leaving ? 'write' : 'lead',
        requireOpen: true,
        lock: true,
      },
      async (tx) => {
        const membership = await tx.one<{ id: string; role: 'lead' | 'member' }>(
          `SELECT id, role FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL FOR UPDATE`,
          [caseId, userId],
        );
        if (!membership) throw new CasesError('not_found', 'MEMBER_NOT_FOUND', 'The user is not on the team.');
        if (membership.role === 'lead') {
          throw new CasesError('conflict', 'LEAD_CANNOT_LEAVE', 'The lead hands the case over before leaving the team.');
        }
        const handover = await tx.one(
          `SELECT 1 FROM handovers WHERE case_id = $1 AND from_user_id = $2 AND status IN ('proposed','briefed')`,
          [caseId, userId],
        );
        if (handover) throw new CasesError('conflict', 'HANDOVER_OPEN', 'A member with an open handover stays until it ends.');
        await tx.query(`UPDATE case_memberships SET until = $2, ended_by = $3, ended_reason = $4 WHERE id = $1`, [
          membership.id,
          this.clock.now(),
          actor.id,
          leaving ? 'left' : 'removed',
        ]);
        return { result: await currentTeam(tx, caseId) };
      },
    );
  }
}

export async function currentTeam(tx: Tx, caseId: string): Promise<TeamMember[]> {
  const rows = await tx.query<{ user_id: string; role: 'lead' | 'member'; since: Date }>(
    `SELECT user_id, role, since FROM case_memberships WHERE case_id = $1 AND until IS NULL ORDER BY role = 'lead' DESC, since, user_id`,
    [caseId],
  );
  return rows.map((m) => ({ userId: m.user_id, role: m.role, since: m.since }));
}
