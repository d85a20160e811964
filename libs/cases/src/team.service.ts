import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, writeOutboxEvents } from '@oneroof/platform';
import type { TeamMember } from './case-model';
import { hasOpenHandover } from './case-repository';
import { CasesError } from './cases-errors';
import { addMembership, currentMembership, currentTeam, endMembership } from './membership-repository';
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
        const added = await addMembership(tx, { caseId, userId, role: 'member', at: now, addedBy: actor.id });
        if (!added) throw new CasesError('conflict', 'ALREADY_MEMBER', 'The user is on the team already.');
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
        const membership = await currentMembership(tx, caseId, userId, 'update');
        if (!membership) throw new CasesError('not_found', 'MEMBER_NOT_FOUND', 'The user is not on the team.');
        if (membership.role === 'lead') {
          throw new CasesError('conflict', 'LEAD_CANNOT_LEAVE', 'The lead hands the case over before leaving the team.');
        }
        if (await hasOpenHandover(tx, caseId, userId))
          throw new CasesError('conflict', 'HANDOVER_OPEN', 'A member with an open handover stays until it ends.');
        await endMembership(tx, membership.id, { at: this.clock.now(), by: actor.id, reason: leaving ? 'left' : 'removed' });
        return { result: await currentTeam(tx, caseId) };
      },
    );
  }
}
