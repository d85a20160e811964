import { Inject, Injectable } from '@nestjs/common';
import { AccessService, CaseGate } from '@oneroof/access';
import { AuditWriter } from '@oneroof/audit';
import { requirePersonsOfCase, requireTeamMembers, type PlannedAction } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { APP_CONFIG, Clock, Db, DomainError, invalid, toPage, type AppConfig, type Page, type Tx } from '@oneroof/platform';
import { FollowUpError } from './follow-up-errors';
import {
  AFTERCARE_MONTHS,
  type AgendaFilter,
  type FollowUp,
  type FollowUpChanges,
  type FollowUpOrigin,
  type FollowUpStatus,
  type NewFollowUp,
} from './follow-up-model';
import * as followUps from './follow-up-repository';
import {
  AGENDA_LIST,
  CASE_LIST,
  cursorOf,
  decodeListCursor,
  followUpNotFound,
  normaliseMinutes,
  toFollowUp,
  type FollowUpRow,
} from './follow-up-rows';
import { syncTimers } from './follow-up-timers';
import type { CalendarItem } from './ics';
import { recordReschedule } from './reschedules';

interface NewFollowUpInTx extends NewFollowUp {
  caseId: string;
  aftercareMonths?: number;
  createdBy: string;
  origin: FollowUpOrigin;
  /** Where a refusal of the assignee points in the request body. */
  assigneeField: string;
}

/**
 * Follow-ups (design.md §2). Every change arms, moves or removes the follow-up's reminders and
 * overdue notice (durable timers) in its own transaction, so that no reminder ever fires for a time
 * that no longer holds. Also the FollowUpPlanner (libs/cases): an intake's or a conference's actions become follow-ups.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, caseId: string, input: NewFollowUp): Promise<FollowUp> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'follow_up.create', resourceType: 'follow_up', need: 'write', requireOpen: true },
      async (tx) => {
        const followUp = await this.insert(tx, { ...input, caseId, createdBy: actor.id, origin: 'team', assigneeField: 'assigneeId' });
        return { result: followUp, resourceId: followUp.id, personIds: followUp.personIds };
      },
    );
  }

  /**
   * FollowUpPlanner (libs/cases), for the intake and conferences contexts: inside the conclusion's
   * or the conference record's transaction and audit event.
   */
  async planActions(tx: Tx, actions: PlannedAction[]): Promise<string[]> {
    const ids: string[] = [];
    for (const action of actions) {
      const followUp = await this.insert(tx, {
        caseId: action.caseId,
        createdBy: action.createdBy,
        origin: action.origin ?? 'intake',
        kind: action.kind,
        title: action.title,
        scheduledAt: action.scheduledAt,
        assigneeId: action.assigneeId,
        remindBeforeMinutes: action.remindBeforeMinutes,
        assigneeField: action.field,
      });
      ids.push(followUp.id);
    }
    return ids;
  }

  /**
   * design.md §8: the three aftercare checks of a case being closed, 6, 12 and 18 months after the
   * closing, inside the closing's transaction and audit event (CasesService.close calls this back).
   * The assignee must be on the team (422 naming `aftercare.assigneeId`).
   */
  async planAftercare(tx: Tx, input: { caseId: string; createdBy: string; assigneeId: string; closedAt: Date }): Promise<string[]> {
    const ids: string[] = [];
    for (const months of AFTERCARE_MONTHS) {
      const followUp = await this.insert(tx, {
        caseId: input.caseId,
        createdBy: input.createdBy,
        origin: 'team',
        kind: 'aftercare',
        title: null,
        scheduledAt: addMonths(input.closedAt, months),
        assigneeId: input.assigneeId,
        remindBeforeMinutes: [],
        assigneeField: 'aftercare.assigneeId',
        aftercareMonths: months,
      });
      ids.push(followUp.id);
    }
    return ids;
  }

  async list(actor: Actor, caseId: string, filter: { status?: FollowUpStatus }, limit: number, cursor?: string): Promise<Page<FollowUp>> {
    const after = decodeListCursor(cursor, CASE_LIST);
    return this.gate.run(actor, caseId, { action: 'follow_up.list', resourceType: 'follow_up', need: 'header' }, async (tx) => {
      const rows = await followUps.ofCase(tx, caseId, filter.status, after, limit + 1);
      const page = toPage(rows, limit, toFollowUp, cursorOf, CASE_LIST);
      return { result: page, personIds: page.items.flatMap((f) => f.personIds) };
    });
  }

  /**
   * Reschedule, reassign, change reminders, complete or cancel; takes the version read. The case is
   * found from the follow-up, then access is the case's like every other write.
   */
  async update(actor: Actor, followUpId: string, changes: FollowUpChanges): Promise<FollowUp> {
    const fields = ['scheduledAt', 'status', 'outcome', 'assigneeId', 'remindBeforeMinutes', 'aftercareOutcome'] as const;
    if (fields.every((field) => changes[field] === undefined)) {
      throw invalid([{ field: 'body', message: `name at least one of ${fields.join(', ')} besides version` }]);
    }
    const ref = await followUps.caseOf(this.db, followUpId);
    if (!ref) throw followUpNotFound();
    const caseId = ref.caseId;
    try {
      return await this.gate.run(
        actor,
        caseId,
        // Aftercare checks are done after the closing (design.md §8); everything else stops with the case.
        {
          action: 'follow_up.update',
          resourceType: 'follow_up',
          resourceId: followUpId,
          need: 'write',
          requireOpen: ref.kind !== 'aftercare',
        },
        async (tx) => {
          const now = this.clock.now();
          // The version is checked first (a stale write learns nothing else), and the row stays locked from here.
          await followUps.claimVersion(tx, followUpId, changes.version);
          const before = await this.load(tx, followUpId);
          if (before.status !== 'planned') {
            throw new FollowUpError('conflict', 'FOLLOW_UP_CLOSED', `The follow-up is ${before.status}; it changes no more.`);
          }
          checkAftercareOutcome(before, changes);
          if (changes.assigneeId !== undefined) await requireTeamMembers(tx, caseId, [changes.assigneeId], 'assigneeId');
          const closing = changes.status !== undefined;
          await followUps.update(tx, followUpId, changes, now, closing ? actor.id : null);
          const after = await this.load(tx, followUpId);
          await recordReschedule(tx, { followUpId, caseId, actorId: actor.id, from: before.scheduledAt, to: after.scheduledAt, at: now });
          await syncTimers(tx, before, after, this.config.followUpOverdueGraceMinutes, now);
          return { result: after, resourceId: followUpId, personIds: after.personIds };
        },
      );
    } catch (error) {
      // An outsider learns no more than for an id never issued.
      if (error instanceof DomainError && error.kind === 'not_found') throw followUpNotFound();
      throw error;
    }
  }

  /** My agenda across cases (design.md §4): the follow-ups assigned to me in cases I may see. */
  async agenda(actor: Actor, filter: AgendaFilter, limit: number, cursor?: string): Promise<Page<FollowUp>> {
    const after = decodeListCursor(cursor, AGENDA_LIST);
    return this.db.transaction(async (tx) => {
      const rows = await this.agendaRows(tx, actor, filter, limit + 1, after);
      const page = toPage(rows, limit, toFollowUp, cursorOf, AGENDA_LIST);
      await this.auditAgenda(
        tx,
        actor,
        'follow_up.agenda',
        page.items.flatMap((f) => f.personIds),
      );
      return page;
    });
  }

  /** The agenda for the calendar feed: what the calendar should show, with no personal details. */
  async calendar(actor: Actor, filter: AgendaFilter, limit: number): Promise<CalendarItem[]> {
    return this.db.transaction(async (tx) => {
      const rows = await this.agendaRows(tx, actor, filter, limit, null);
      // The feed names no person, so the audit event names none either.
      await this.auditAgenda(tx, actor, 'follow_up.feed', []);
      return rows.map((r) => ({
        id: r.id,
        caseReference: r.case_reference,
        kind: r.kind,
        scheduledAt: r.scheduled_at,
        status: r.status,
        version: r.version,
        updatedAt: r.updated_at,
        remindBeforeMinutes: r.remind_before_minutes,
      }));
    });
  }

  private async agendaRows(
    tx: Tx,
    actor: Actor,
    filter: AgendaFilter,
    take: number,
    after: { at: string; id: string } | null,
  ): Promise<FollowUpRow[]> {
    const visible = this.access.visibleCaseIdsSql(actor, 'f.case_id', '$1::uuid', '$2::timestamptz');
    return followUps.agenda(tx, { assigneeId: actor.id, visible, now: this.clock.now(), filter, take, after });
  }

  private async auditAgenda(tx: Tx, actor: Actor, action: string, personIds: string[]): Promise<void> {
    await this.audit.record(tx, {
      actor,
      action,
      resourceType: 'follow_up',
      personIds,
      outcome: 'success',
      // The agenda is filtered by the list rule, which gives a coordinator every case: oversight, as for the case list.
      purpose: this.access.listPurpose(actor),
    });
  }

  private async insert(tx: Tx, input: NewFollowUpInTx): Promise<FollowUp> {
    // Follow-ups are done by the team.
    await requireTeamMembers(tx, input.caseId, [input.assigneeId], input.assigneeField);
    const personIds = [...new Set(input.personIds ?? [])];
    await requirePersonsOfCase(tx, input.caseId, personIds, 'personIds');
    const now = this.clock.now();
    const id = await followUps.insert(tx, { ...input, personIds, remindBeforeMinutes: normaliseMinutes(input.remindBeforeMinutes) }, now);
    const followUp = await this.load(tx, id);
    await syncTimers(tx, null, followUp, this.config.followUpOverdueGraceMinutes, now);
    return followUp;
  }

  private async load(tx: Tx, id: string): Promise<FollowUp> {
    const row = await followUps.load(tx, id);
    if (!row) throw followUpNotFound();
    return toFollowUp(row);
  }
}

/** An aftercare check is done with its outcome, and only an aftercare check has one. */
function checkAftercareOutcome(before: FollowUp, changes: FollowUpChanges): void {
  if (changes.aftercareOutcome !== undefined && before.kind !== 'aftercare') {
    throw invalid([{ field: 'aftercareOutcome', message: 'only an aftercare check records this outcome' }]);
  }
  if (before.kind === 'aftercare' && changes.status === 'done' && changes.aftercareOutcome === undefined) {
    throw new FollowUpError('rule', 'AFTERCARE_OUTCOME_REQUIRED', 'An aftercare check is done with its outcome.', {
      errors: [{ field: 'aftercareOutcome', message: 'say whether the violence stopped (and how safe the family feels)' }],
    });
  }
}

/** The same day of the month `months` later (the last day of a shorter month), at the same time, in UTC. */
export function addMonths(at: Date, months: number): Date {
  const result = new Date(at);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}
