import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, type GrantedAccess } from '@oneroof/access';
import { activateCase, currentLeadId, FollowUpPlanner, moveLead, requireTeamMembers } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, invalid, writeOutboxEvents, type Tx } from '@oneroof/platform';
import { missingContributions } from './conclusion-readiness';
import type { ConclusionInput, ContributingDiscipline, Intake } from './intake-model';
import { IntakeError } from './intake-errors';
import * as intakes from './intake-repository';
import { toIntake } from './intake-rows';

const intakeNotFound = () => new IntakeError('not_found', 'INTAKE_NOT_FOUND', 'No joint intake is scheduled for this case.');

/** The joint intake (design.md §2): scheduled once per case, concluded once by the lead. */
@Injectable()
export class IntakeService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(FollowUpPlanner) private readonly planner: FollowUpPlanner,
  ) {}

  async schedule(actor: Actor, caseId: string, input: { scheduledAt: Date; participantIds?: string[] }): Promise<Intake> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'intake.schedule', resourceType: 'intake', need: 'write', requireOpen: true },
      async (tx, access) => {
        const participantIds = [...new Set(input.participantIds ?? [])];
        await requireTeamMembers(tx, caseId, participantIds, 'participantIds');
        const now = this.clock.now();
        const created = await intakes.insertIntake(tx, {
          caseId,
          scheduledAt: input.scheduledAt,
          participantIds,
          scheduledBy: actor.id,
          at: now,
        });
        if (!created) throw new IntakeError('conflict', 'INTAKE_EXISTS', 'This case has its joint intake already: one per case.');
        await writeOutboxEvents(tx, [
          { type: 'intake.scheduled', caseId, payload: { caseReference: access.reference, participantIds }, occurredAt: now },
        ]);
        return { result: await this.load(tx, caseId), resourceId: created };
      },
    );
  }

  async get(actor: Actor, caseId: string): Promise<Intake> {
    return this.gate.run(actor, caseId, { action: 'intake.read', resourceType: 'intake', need: 'content' }, async (tx) => {
      const intake = await this.load(tx, caseId);
      return { result: intake, resourceId: intake.id };
    });
  }

  /**
   * The joint decision and plan, by the lead, once. In one transaction: the case becomes active,
   * the lead moves to `leadUserId`, every action becomes a follow-up, `intake.concluded` is raised.
   * Any refusal on the way (an assignee not on the team) rolls all of it back.
   */
  async conclude(actor: Actor, caseId: string, input: ConclusionInput): Promise<Intake> {
    const waivers = input.waivedDisciplines ?? [];
    const seen = new Set<ContributingDiscipline>();
    waivers.forEach((w, i) => {
      if (seen.has(w.discipline))
        throw invalid([{ field: `waivedDisciplines[${i}].discipline`, message: `${w.discipline} is waived twice` }]);
      seen.add(w.discipline);
    });
    return this.gate.run(
      actor,
      caseId,
      { action: 'intake.conclude', resourceType: 'intake', need: 'lead', requireOpen: true, lock: true },
      async (tx, access) => {
        const intake = await intakes.lockIntakeForConclusion(tx, caseId);
        if (!intake) throw new IntakeError('conflict', 'INTAKE_NOT_SCHEDULED', 'Schedule the joint intake before concluding it.');
        if (intake.status === 'concluded' || access.status !== 'intake') {
          throw new IntakeError('conflict', 'INTAKE_CONCLUDED', 'The joint intake is concluded already; a conclusion is immutable.');
        }
        const missing = missingContributions(intake, waivers);
        if (missing.length > 0) {
          throw new IntakeError(
            'rule',
            'CONTRIBUTIONS_MISSING',
            `Each discipline contributes or is waived with a reason; missing: ${missing.join(', ')}.`,
            { missing },
          );
        }
        await requireTeamMembers(tx, caseId, [input.leadUserId], 'leadUserId');

        const now = this.clock.now();
        await activateCase(tx, caseId, now);
        await this.moveLead(tx, access, input.leadUserId, now);
        const actions = input.actions ?? [];
        const followUpIds = await this.planner.planActions(
          tx,
          actions.map((a, i) => ({
            caseId,
            caseReference: access.reference,
            createdBy: actor.id,
            title: a.title,
            assigneeId: a.assigneeId,
            scheduledAt: a.dueAt,
            kind: a.kind ?? 'other',
            remindBeforeMinutes: a.remindBeforeMinutes ?? [],
            field: `actions[${i}].assigneeId`,
          })),
        );
        const storedActions = actions.map((a, i) => ({
          title: a.title,
          assigneeId: a.assigneeId,
          dueAt: a.dueAt.toISOString(),
          kind: a.kind ?? 'other',
          followUpId: followUpIds[i],
        }));
        await intakes.recordConclusion(tx, intake.id, {
          at: now,
          by: actor.id,
          decision: input.decision,
          safety: input.safety,
          leadUserId: input.leadUserId,
          actions: storedActions,
          waivedDisciplines: waivers.map((w) => ({ discipline: w.discipline, reason: w.reason })),
        });
        await writeOutboxEvents(tx, [{ type: 'intake.concluded', caseId, payload: { caseReference: access.reference }, occurredAt: now }]);
        return { result: await this.load(tx, caseId), resourceId: intake.id };
      },
    );
  }

  /**
   * Makes `leadUserId` the lead and the old lead a member. Memberships are history, so both old
   * rows end and new ones begin; the one-lead rule is checked at commit.
   */
  private async moveLead(tx: Tx, access: GrantedAccess, leadUserId: string, now: Date): Promise<void> {
    const current = await currentLeadId(tx, access.caseId);
    if (current === leadUserId) return;
    // A sender stays as they are until their handover ends (design.md §2): the lead cannot move now.
    if (await intakes.sendsOpenHandover(tx, access.caseId, [leadUserId, ...(current ? [current] : [])]))
      throw new IntakeError('conflict', 'HANDOVER_OPEN', 'The lead cannot move while the lead or the new lead has a handover open.');
    await moveLead(tx, {
      caseId: access.caseId,
      fromUserId: current,
      toUserId: leadUserId,
      at: now,
      by: access.actor.id,
      reason: 'lead moved at intake conclusion',
    });
  }

  private async load(tx: Tx, caseId: string): Promise<Intake> {
    const row = await intakes.loadIntake(tx, caseId);
    if (!row) throw intakeNotFound();
    return toIntake(row);
  }
}
