import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase, requireTeamMembers } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import {
  cancelTimers,
  Clock,
  decodeCursor,
  scheduleTimer,
  toPage,
  writeOutboxEvents,
  type FieldProblem,
  type Page,
  type Tx,
} from '@oneroof/platform';
import type {
  AgreementStatus,
  CheckInput,
  GoalStatus,
  GoalTrack,
  NewSafetyPlanInput,
  SafetyCheck,
  SafetyPlan,
  SafetyPlanPhase,
} from './safety-plan-model';
import { agreementsWithoutPersons, applyCheck, firstCheckAt, perpetratorsWithoutGoal } from './safety-plan-rules';
import { checkDueTimer, safetyPlanTimerPrefix } from './safety-plan-timers';
import { ConferenceError, type ConferenceErrorCode } from './conference-errors';

interface PlanRow {
  id: string;
  case_id: string;
  case_reference: string;
  version: number;
  status: 'current' | 'superseded';
  phase: SafetyPlanPhase;
  agreed_at: Date;
  agreed_with_person_ids: string[];
  review_at: Date;
  no_perpetrator_goal_reason: string | null;
  person_ids: string[];
  created_by: string;
  created_at: Date;
  superseded_at: Date | null;
  agreements: {
    id: string;
    text: string;
    personIds: string[];
    responsibleUserId: string;
    checkEveryDays: number;
    nextCheckAt: string;
    status: AgreementStatus;
    lastCheckedAt: string | null;
  }[];
  goals: { id: string; personId: string; track: GoalTrack; text: string; providerOrganisationId: string | null; status: GoalStatus }[];
}

const PLAN_COLUMNS = `sp.id, sp.case_id, c.reference AS case_reference, sp.version, sp.status, sp.phase, sp.agreed_at, sp.agreed_with_person_ids,
  sp.review_at, sp.no_perpetrator_goal_reason, sp.person_ids, sp.created_by, sp.created_at, sp.superseded_at,
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', a.id, 'text', a.text, 'personIds', to_jsonb(a.person_ids),
          'responsibleUserId', a.responsible_user_id, 'checkEveryDays', a.check_every_days, 'nextCheckAt', a.next_check_at,
          'status', a.status, 'lastCheckedAt', a.last_checked_at) ORDER BY a.position), '[]'::jsonb)
     FROM safety_plan_agreements a WHERE a.plan_id = sp.id) AS agreements,
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', g.id, 'personId', g.person_id, 'track', g.track, 'text', g.text,
          'providerOrganisationId', g.provider_organisation_id, 'status', g.status) ORDER BY g.position), '[]'::jsonb)
     FROM safety_plan_goals g WHERE g.plan_id = sp.id) AS goals`;

const toPlan = (row: PlanRow): SafetyPlan => ({
  id: row.id,
  caseId: row.case_id,
  caseReference: row.case_reference,
  version: row.version,
  status: row.status,
  phase: row.phase,
  agreedAt: row.agreed_at,
  agreedWithPersonIds: row.agreed_with_person_ids,
  agreements: row.agreements.map((a) => ({
    id: a.id,
    text: a.text,
    personIds: a.personIds,
    responsibleUserId: a.responsibleUserId,
    checkEveryDays: a.checkEveryDays,
    nextCheckAt: new Date(a.nextCheckAt),
    status: a.status,
    lastCheckedAt: a.lastCheckedAt ? new Date(a.lastCheckedAt) : null,
  })),
  goals: row.goals,
  noPerpetratorGoalReason: row.no_perpetrator_goal_reason,
  reviewAt: row.review_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
  supersededAt: row.superseded_at,
});

export const safetyPlanNotFound = () => new ConferenceError('not_found', 'SAFETY_PLAN_NOT_FOUND', 'The case has no current safety plan.');
const agreementNotFound = () =>
  new ConferenceError('not_found', 'AGREEMENT_NOT_FOUND', 'The agreement is not part of the current safety plan.');

const rule = (code: ConferenceErrorCode, message: string, errors: FieldProblem[], missing?: string[]) =>
  new ConferenceError('rule', code, message, { errors, ...(missing ? { missing } : {}) });

/**
 * The family's safety plan (veiligheidsplan, design.md §7): one current version per case; a new
 * version ends the previous one, its agreements and their check timers in one transaction. Checks
 * move an agreement's timer; a broken agreement tells the lead and the team at once (outbox).
 */
@Injectable()
export class SafetyPlansService {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseGate) private readonly gate: CaseGate,
  ) {}

  async create(actor: Actor, caseId: string, input: NewSafetyPlanInput): Promise<SafetyPlan> {
    return this.gate.run(
      actor,
      caseId,
      // The case row locked: two new versions of one case take turns (and the unique index guards the rest).
      { action: 'safety_plan.create', resourceType: 'safety_plan', need: 'write', requireOpen: true, lock: true },
      async (tx, access) => {
        const agreements = input.agreements ?? [];
        const goals = input.goals ?? [];
        const problems = agreementsWithoutPersons(input);
        if (problems.length > 0) throw rule('AGREEMENT_WITHOUT_PERSONS', 'Every agreement names whom it concerns.', problems);
        const agreedWith = unique(input.agreedWithPersonIds);
        await requirePersonsOfCase(tx, caseId, agreedWith, 'agreedWithPersonIds');
        for (const [i, a] of agreements.entries()) {
          await requirePersonsOfCase(tx, caseId, unique(a.personIds), `agreements[${i}].personIds`);
          await requireTeamMembers(tx, caseId, [a.responsibleUserId], `agreements[${i}].responsibleUserId`);
        }
        for (const [i, g] of goals.entries()) {
          await requirePersonsOfCase(tx, caseId, [g.personId.toLowerCase()], `goals[${i}].personId`);
          if (g.providerOrganisationId) {
            const known = await tx.one(`SELECT 1 FROM organisations WHERE id = $1`, [g.providerOrganisationId]);
            if (!known) {
              throw rule('UNKNOWN_ORGANISATION', 'The provider is not a known organisation.', [
                { field: `goals[${i}].providerOrganisationId`, message: 'providerOrganisationId names no organisation' },
              ]);
            }
          }
        }
        const perpetrators = await tx.query<{ id: string }>(
          `SELECT id FROM case_persons WHERE case_id = $1 AND involvement = 'alleged_perpetrator' ORDER BY created_at, id`,
          [caseId],
        );
        const withoutGoal = perpetratorsWithoutGoal(
          perpetrators.map((p) => p.id),
          input,
        );
        if (withoutGoal.length > 0) {
          throw rule(
            'PERPETRATOR_GOAL_MISSING',
            'One approach for the whole family: a goal for each alleged perpetrator, or noPerpetratorGoalReason.',
            [{ field: 'goals', message: 'goals must include one for each alleged perpetrator, or give noPerpetratorGoalReason' }],
            withoutGoal,
          );
        }

        const now = this.clock.now();
        const previous = await tx.one<{ id: string; version: number }>(
          `SELECT id, version FROM safety_plans WHERE case_id = $1 AND status = 'current' FOR UPDATE`,
          [caseId],
        );
        if (previous) {
          await tx.query(`UPDATE safety_plans SET status = 'superseded', superseded_at = $2 WHERE id = $1`, [previous.id, now]);
          await tx.query(`UPDATE safety_plan_agreements SET status = 'ended', broken_since = NULL WHERE plan_id = $1`, [previous.id]);
          await cancelTimers(tx, { prefix: safetyPlanTimerPrefix(previous.id) });
        }
        const personIds = unique([...agreedWith, ...agreements.flatMap((a) => a.personIds ?? []), ...goals.map((g) => g.personId)]);
        const plan = await tx.one<{ id: string }>(
          `INSERT INTO safety_plans (case_id, version, phase, agreed_at, agreed_with_person_ids, review_at, no_perpetrator_goal_reason,
                                     person_ids, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            caseId,
            (previous?.version ?? 0) + 1,
            input.phase,
            input.agreedAt,
            agreedWith,
            input.reviewAt,
            input.noPerpetratorGoalReason?.trim() || null,
            personIds,
            actor.id,
            now,
          ],
        );
        const planId = plan!.id;
        const inserted = await tx.query<{ id: string; responsible_user_id: string; next_check_at: Date }>(
          `INSERT INTO safety_plan_agreements (plan_id, case_id, position, text, person_ids, responsible_user_id, check_every_days, next_check_at)
           SELECT $1, $2, a.position, a.text, a.person_ids, a.responsible_user_id, a.check_every_days, a.next_check_at
             FROM jsonb_to_recordset($3::jsonb) AS a(position int, text text, person_ids uuid[], responsible_user_id uuid,
                                                      check_every_days int, next_check_at timestamptz)
           RETURNING id, responsible_user_id, next_check_at`,
          [
            planId,
            caseId,
            JSON.stringify(
              agreements.map((a, position) => ({
                position,
                text: a.text.trim(),
                person_ids: unique(a.personIds),
                responsible_user_id: a.responsibleUserId.toLowerCase(),
                check_every_days: a.checkEveryDays,
                next_check_at: firstCheckAt(input.agreedAt, a.checkEveryDays, a.nextCheckAt).toISOString(),
              })),
            ),
          ],
        );
        await tx.query(
          `INSERT INTO safety_plan_goals (plan_id, case_id, position, person_id, track, text, provider_organisation_id, status)
           SELECT $1, $2, g.position, g.person_id, g.track, g.text, g.provider_organisation_id, g.status
             FROM jsonb_to_recordset($3::jsonb) AS g(position int, person_id uuid, track text, text text, provider_organisation_id uuid, status text)`,
          [
            planId,
            caseId,
            JSON.stringify(
              goals.map((g, position) => ({
                position,
                person_id: g.personId.toLowerCase(),
                track: g.track,
                text: g.text.trim(),
                provider_organisation_id: g.providerOrganisationId ?? null,
                status: g.status ?? 'planned',
              })),
            ),
          ],
        );
        for (const a of inserted) {
          await scheduleTimer(
            tx,
            checkDueTimer({
              planId,
              agreementId: a.id,
              caseId,
              caseReference: access.reference,
              responsibleUserId: a.responsible_user_id,
              nextCheckAt: a.next_check_at,
            }),
          );
        }
        return { result: toPlan(await this.load(tx, planId)), resourceId: planId, personIds };
      },
    );
  }

  /** Every version, newest first: team content (design.md §7: "team"). */
  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<SafetyPlan>> {
    const after = decodeCursor(cursor, 'safety-plans', { version: 'seq' });
    return this.gate.run(actor, caseId, { action: 'safety_plan.list', resourceType: 'safety_plan', need: 'content' }, async (tx) => {
      const rows = await tx.query<PlanRow>(
        `SELECT ${PLAN_COLUMNS} FROM safety_plans sp JOIN cases c ON c.id = sp.case_id
          WHERE sp.case_id = $1 AND ($2::int IS NULL OR sp.version < $2::int)
          ORDER BY sp.version DESC LIMIT $3`,
        [caseId, after?.version ?? null, limit + 1],
      );
      const page = toPage(rows, limit, toPlan, (r) => ({ version: String(r.version) }), 'safety-plans');
      return { result: page, personIds: unique(rows.slice(0, limit).flatMap((r) => r.person_ids)) };
    });
  }

  /** The current plan: team and coordinators (oversight). 404 problem when the case has none. */
  async current(actor: Actor, caseId: string): Promise<SafetyPlan> {
    return this.gate.run(actor, caseId, { action: 'safety_plan.read', resourceType: 'safety_plan', need: 'header' }, async (tx) => {
      const row = await tx.one<{ id: string }>(`SELECT id FROM safety_plans WHERE case_id = $1 AND status = 'current'`, [caseId]);
      if (!row) throw safetyPlanNotFound();
      const plan = await this.load(tx, row.id);
      return { result: toPlan(plan), resourceId: plan.id, personIds: plan.person_ids };
    });
  }

  /**
   * A check by a team member. A check later than the last moves nextCheckAt (and its timer) on by
   * checkEveryDays and sets the agreement's status; one that makes it broken raises
   * `safety_plan.agreement_broken` at once.
   */
  async check(actor: Actor, caseId: string, agreementId: string, input: CheckInput): Promise<SafetyCheck> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'safety_plan.check', resourceType: 'safety_plan_agreement', resourceId: agreementId, need: 'write', requireOpen: true },
      async (tx, access) => {
        const agreement = await tx.one<{
          id: string;
          plan_id: string;
          person_ids: string[];
          responsible_user_id: string;
          check_every_days: number;
          next_check_at: Date;
          status: AgreementStatus;
          last_checked_at: Date | null;
        }>(
          `SELECT a.id, a.plan_id, a.person_ids, a.responsible_user_id, a.check_every_days, a.next_check_at, a.status, a.last_checked_at
             FROM safety_plan_agreements a JOIN safety_plans sp ON sp.id = a.plan_id
            WHERE a.id = $1 AND a.case_id = $2 AND sp.status = 'current' AND a.status <> 'ended'
            FOR UPDATE OF a`,
          [agreementId, caseId],
        );
        if (!agreement) throw agreementNotFound();
        const now = this.clock.now();
        if (input.checkedAt.getTime() > now.getTime()) {
          throw rule('CHECK_IN_FUTURE', 'A check is recorded once it has been done.', [
            { field: 'checkedAt', message: 'checkedAt must not lie in the future' },
          ]);
        }
        const effect = applyCheck(
          {
            status: agreement.status,
            lastCheckedAt: agreement.last_checked_at,
            nextCheckAt: agreement.next_check_at,
            checkEveryDays: agreement.check_every_days,
          },
          input,
        );
        const check = await tx.one<{ id: string; created_at: Date }>(
          `INSERT INTO safety_plan_checks (agreement_id, plan_id, case_id, checked_at, result, note, person_ids, checked_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_at`,
          [agreement.id, agreement.plan_id, caseId, input.checkedAt, input.result, input.note.trim(), agreement.person_ids, actor.id, now],
        );
        if (effect.moved) {
          await tx.query(
            `UPDATE safety_plan_agreements
                SET status = $2, next_check_at = $3, last_checked_at = $4,
                    broken_since = CASE WHEN $2 = 'broken' THEN COALESCE(broken_since, $4) END
              WHERE id = $1`,
            [agreement.id, effect.status, effect.nextCheckAt, effect.lastCheckedAt],
          );
          // Same key, new moment: the timer for the old moment no longer exists (and the router checks the moment too).
          await scheduleTimer(
            tx,
            checkDueTimer({
              planId: agreement.plan_id,
              agreementId: agreement.id,
              caseId,
              caseReference: access.reference,
              responsibleUserId: agreement.responsible_user_id,
              nextCheckAt: effect.nextCheckAt,
            }),
          );
        }
        if (effect.becameBroken) {
          await writeOutboxEvents(tx, [
            {
              type: 'safety_plan.agreement_broken',
              caseId,
              payload: { caseReference: access.reference, planId: agreement.plan_id, agreementId: agreement.id },
              occurredAt: now,
            },
          ]);
        }
        return {
          result: {
            id: check!.id,
            agreementId: agreement.id,
            planId: agreement.plan_id,
            checkedAt: input.checkedAt,
            result: input.result,
            note: input.note.trim(),
            checkedBy: actor.id,
            createdAt: check!.created_at,
          },
          resourceId: agreement.id,
          personIds: agreement.person_ids,
        };
      },
    );
  }

  private async load(tx: Tx, planId: string): Promise<PlanRow> {
    const row = await tx.one<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM safety_plans sp JOIN cases c ON c.id = sp.case_id WHERE sp.id = $1`, [
      planId,
    ]);
    if (!row) throw safetyPlanNotFound();
    return row;
  }
}

const unique = (ids: string[] | undefined) => [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
