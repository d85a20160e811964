import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, openHandoverSql, type GrantedAccess } from '@oneroof/access';
import { activateCase, currentLeadId, moveLead, requireTeamMembers } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, invalid, writeOutboxEvents, type Tx } from '@oneroof/platform';
import { missingContributions, type Contributions } from './conclusion-readiness';
import { FollowUpPlanner } from './follow-up-planner';
import type { Conclusion, ConclusionInput, ContributingDiscipline, Intake, IntakeStatus, Safety, Waiver } from './intake-model';
import { IntakeError } from './intake-errors';

interface IntakeRow {
  id: string;
  case_id: string;
  scheduled_at: Date;
  participant_ids: string[];
  status: IntakeStatus;
  scheduled_by: string;
  created_at: Date;
  concluded_at: Date | null;
  concluded_by: string | null;
  decision: string | null;
  safety: Safety | null;
  lead_user_id: string | null;
  actions: Conclusion['actions'] | null;
  waived_disciplines: Waiver[] | null;
  police: number;
  forensic_medicine: number;
  social_work: number;
}

const INTAKE_COLUMNS = `k.id, k.case_id, k.scheduled_at, k.participant_ids, k.status, k.scheduled_by, k.created_at, k.concluded_at, k.concluded_by,
  k.decision, k.safety, k.lead_user_id, k.actions, k.waived_disciplines, ${contributionCounts('k.case_id')}`;

/** How many records each required discipline has on the case: what the conclusion rule looks at. */
function contributionCounts(caseId: string): string {
  return `(SELECT count(*)::int FROM intake_interviews WHERE case_id = ${caseId}) AS police,
  (SELECT count(*)::int FROM intake_examinations WHERE case_id = ${caseId}) AS forensic_medicine,
  (SELECT count(*)::int FROM intake_assessments WHERE case_id = ${caseId}) AS social_work`;
}

const toIntake = (row: IntakeRow): Intake => ({
  id: row.id,
  caseId: row.case_id,
  scheduledAt: row.scheduled_at,
  participantIds: row.participant_ids,
  status: row.status,
  scheduledBy: row.scheduled_by,
  createdAt: row.created_at,
  contributions: { police: row.police, forensic_medicine: row.forensic_medicine, social_work: row.social_work },
  conclusion:
    row.status === 'concluded'
      ? {
          decision: row.decision!,
          safety: row.safety!,
          leadUserId: row.lead_user_id!,
          actions: row.actions!,
          waivedDisciplines: row.waived_disciplines!,
          concludedAt: row.concluded_at!,
          concludedBy: row.concluded_by!,
        }
      : null,
});

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
        const created = await tx.one<{ id: string }>(
          `INSERT INTO intakes (case_id, scheduled_at, participant_ids, scheduled_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_id) DO NOTHING RETURNING id`,
          [caseId, input.scheduledAt, participantIds, actor.id, now],
        );
        if (!created) throw new IntakeError('conflict', 'INTAKE_EXISTS', 'This case has its joint intake already: one per case.');
        await writeOutboxEvents(tx, [
          { type: 'intake.scheduled', caseId, payload: { caseReference: access.reference, participantIds }, occurredAt: now },
        ]);
        return { result: await this.load(tx, caseId), resourceId: created.id };
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
        const intake = await tx.one<{ id: string; status: IntakeStatus } & Contributions>(
          `SELECT k.id, k.status, ${contributionCounts('k.case_id')} FROM intakes k WHERE k.case_id = $1 FOR UPDATE`,
          [caseId],
        );
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
        await tx.query(
          `UPDATE intakes SET status = 'concluded', concluded_at = $2, concluded_by = $3, decision = $4, safety = $5, lead_user_id = $6,
                  actions = $7::jsonb, waived_disciplines = $8::jsonb
            WHERE id = $1`,
          [
            intake.id,
            now,
            actor.id,
            input.decision,
            input.safety,
            input.leadUserId,
            JSON.stringify(storedActions),
            JSON.stringify(waivers.map((w) => ({ discipline: w.discipline, reason: w.reason }))),
          ],
        );
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
    const handover = await tx.one(
      `SELECT 1 FROM handovers h WHERE h.case_id = $1 AND h.from_user_id = ANY($2::uuid[]) AND ${openHandoverSql('h')}`,
      [access.caseId, [leadUserId, ...(current ? [current] : [])]],
    );
    if (handover)
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
    const row = await tx.one<IntakeRow>(`SELECT ${INTAKE_COLUMNS} FROM intakes k WHERE k.case_id = $1`, [caseId]);
    if (!row) throw intakeNotFound();
    return toIntake(row);
  }
}
