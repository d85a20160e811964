import { Inject, Injectable } from '@nestjs/common';
import { AccessService, CaseGate } from '@oneroof/access';
import { AuditWriter } from '@oneroof/audit';
import { requirePersonsOfCase, staleVersion } from '@oneroof/cases';
import { hasRole, type Actor } from '@oneroof/identity';
import {
  APP_CONFIG,
  cancelTimers,
  Clock,
  Db,
  decodeCursor,
  DomainError,
  invalid,
  scheduleTimer,
  toPage,
  type AppConfig,
  type Page,
  type Tx,
} from '@oneroof/platform';
import type { AgendaFilter, FollowUp, FollowUpChanges, FollowUpKind, FollowUpStatus, NewFollowUp } from './follow-up-model';
import { followUpTimerPrefix, plannedTimers, timerKeys, type TimedFollowUp } from './follow-up-timers';
import type { CalendarItem } from './ics';

const FOLLOW_UP_COLUMNS = `f.id, f.case_id, c.reference AS case_reference, f.kind, f.title, f.scheduled_at, f.assignee_id, f.person_ids,
  f.remind_before_minutes, f.status, f.outcome, f.origin, f.created_by, f.created_at, f.updated_at, f.closed_at, f.version`;

interface FollowUpRow {
  id: string;
  case_id: string;
  case_reference: string;
  kind: FollowUpKind;
  title: string | null;
  scheduled_at: Date;
  assignee_id: string;
  person_ids: string[];
  remind_before_minutes: number[];
  status: FollowUpStatus;
  outcome: string | null;
  origin: 'team' | 'intake';
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: number;
}

const toFollowUp = (row: FollowUpRow): FollowUp => ({
  id: row.id,
  caseId: row.case_id,
  caseReference: row.case_reference,
  kind: row.kind,
  title: row.title,
  scheduledAt: row.scheduled_at,
  assigneeId: row.assignee_id,
  personIds: row.person_ids,
  remindBeforeMinutes: row.remind_before_minutes,
  status: row.status,
  outcome: row.outcome,
  origin: row.origin,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
  version: row.version,
});

const timed = (f: FollowUp): TimedFollowUp => ({
  id: f.id,
  caseId: f.caseId,
  caseReference: f.caseReference,
  kind: f.kind,
  scheduledAt: f.scheduledAt,
  assigneeId: f.assigneeId,
  remindBeforeMinutes: f.remindBeforeMinutes,
  status: f.status,
});

/** The same answer for an id never issued and for a follow-up of a case the caller may not see. */
const followUpNotFound = () => new DomainError('not_found', 'FOLLOW_UP_NOT_FOUND', 'The follow-up does not exist.');

const normaliseMinutes = (minutes: number[] | undefined) => [...new Set(minutes ?? [])].sort((a, b) => a - b);

/** Lists page by (scheduledAt, id), soonest first; a cursor is only what this API wrote. */
/** Two lists of follow-ups, a case's and a user's agenda, each with cursors of its own. */
const CASE_LIST = 'case-follow-ups';
const AGENDA_LIST = 'agenda';
const decodeListCursor = (cursor: string | undefined, list: string) => decodeCursor(cursor, list, { at: 'time', id: 'uuid' }) ?? null;
const cursorOf = (r: FollowUpRow) => ({ at: r.scheduled_at.toISOString(), id: r.id });

interface NewFollowUpInTx extends NewFollowUp {
  caseId: string;
  createdBy: string;
  origin: 'team' | 'intake';
  /** Where a refusal of the assignee points in the request body. */
  assigneeField: string;
}

/**
 * Follow-ups (design.md §2). Every change arms, moves or removes the follow-up's reminders and
 * overdue notice (durable timers) in its own transaction, so that no reminder ever fires for a time
 * that no longer holds. Also the intake's FollowUpPlanner: a conclusion's actions become follow-ups.
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

  /** FollowUpPlanner (libs/intake): inside the conclusion's transaction and audit event. */
  async planActions(
    tx: Tx,
    actions: {
      caseId: string;
      createdBy: string;
      title: string;
      assigneeId: string;
      scheduledAt: Date;
      kind: FollowUpKind;
      remindBeforeMinutes: number[];
      field: string;
    }[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const action of actions) {
      const followUp = await this.insert(tx, {
        caseId: action.caseId,
        createdBy: action.createdBy,
        origin: 'intake',
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

  async list(actor: Actor, caseId: string, filter: { status?: FollowUpStatus }, limit: number, cursor?: string): Promise<Page<FollowUp>> {
    const after = decodeListCursor(cursor, CASE_LIST);
    return this.gate.run(actor, caseId, { action: 'follow_up.list', resourceType: 'follow_up', need: 'header' }, async (tx) => {
      const rows = await tx.query<FollowUpRow>(
        `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN cases c ON c.id = f.case_id
          WHERE f.case_id = $1 AND ($2::text IS NULL OR f.status = $2)
            AND ($3::timestamptz IS NULL OR (f.scheduled_at, f.id) > ($3::timestamptz, $4::uuid))
          ORDER BY f.scheduled_at, f.id LIMIT $5`,
        [caseId, filter.status ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
      );
      const page = toPage(rows, limit, toFollowUp, cursorOf, CASE_LIST);
      return { result: page, personIds: page.items.flatMap((f) => f.personIds) };
    });
  }

  /**
   * Reschedule, reassign, change reminders, complete or cancel; takes the version read. The case is
   * found from the follow-up, then access is the case's like every other write.
   */
  async update(actor: Actor, followUpId: string, changes: FollowUpChanges): Promise<FollowUp> {
    const fields = ['scheduledAt', 'status', 'outcome', 'assigneeId', 'remindBeforeMinutes'] as const;
    if (fields.every((field) => changes[field] === undefined)) {
      throw invalid([{ field: 'body', message: `name at least one of ${fields.join(', ')} besides version` }]);
    }
    const owner = await this.db.query<{ case_id: string }>(`SELECT case_id FROM follow_ups WHERE id = $1`, [followUpId]);
    if (owner.length === 0) throw followUpNotFound();
    const caseId = owner[0].case_id;
    try {
      return await this.gate.run(
        actor,
        caseId,
        { action: 'follow_up.update', resourceType: 'follow_up', resourceId: followUpId, need: 'write', requireOpen: true },
        async (tx) => {
          const before = await this.load(tx, followUpId, true);
          if (before.version !== changes.version) throw staleVersion('follow-up');
          if (before.status !== 'planned') {
            throw new DomainError('conflict', 'FOLLOW_UP_CLOSED', `The follow-up is ${before.status}; it changes no more.`);
          }
          if (changes.assigneeId !== undefined) await requireTeamMember(tx, caseId, changes.assigneeId, 'assigneeId');
          const now = this.clock.now();
          const closing = changes.status !== undefined;
          await tx.query(
            `UPDATE follow_ups SET
                scheduled_at = COALESCE($2, scheduled_at),
                assignee_id = COALESCE($3, assignee_id),
                remind_before_minutes = COALESCE($4::integer[], remind_before_minutes),
                status = COALESCE($5, status),
                outcome = CASE WHEN $6::boolean THEN $7 ELSE outcome END,
                closed_at = CASE WHEN $5::text IS NOT NULL THEN $8::timestamptz ELSE closed_at END,
                closed_by = CASE WHEN $5::text IS NOT NULL THEN $9::uuid ELSE closed_by END,
                updated_at = $8, version = version + 1
              WHERE id = $1`,
            [
              followUpId,
              changes.scheduledAt ?? null,
              changes.assigneeId ?? null,
              changes.remindBeforeMinutes === undefined ? null : normaliseMinutes(changes.remindBeforeMinutes),
              changes.status ?? null,
              changes.outcome !== undefined,
              changes.outcome ?? null,
              now,
              closing ? actor.id : null,
            ],
          );
          const after = await this.load(tx, followUpId);
          await this.syncTimers(tx, before, after, now);
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
    return tx.query<FollowUpRow>(
      `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN cases c ON c.id = f.case_id
        WHERE f.assignee_id = $1
          AND ($2::boolean OR f.case_id IN ${this.access.visibleCaseIdsSql('$1::uuid', '$3::timestamptz')})
          AND ($4::timestamptz IS NULL OR f.scheduled_at >= $4::timestamptz)
          AND ($5::timestamptz IS NULL OR f.scheduled_at < $5::timestamptz)
          AND ($6::text IS NULL OR f.status = $6)
          AND ($7::timestamptz IS NULL OR (f.scheduled_at, f.id) > ($7::timestamptz, $8::uuid))
        ORDER BY f.scheduled_at, f.id LIMIT $9`,
      [
        actor.id,
        hasRole(actor, 'coordinator'),
        this.clock.now(),
        filter.from ?? null,
        filter.to ?? null,
        filter.status ?? null,
        after?.at ?? null,
        after?.id ?? null,
        take,
      ],
    );
  }

  private async auditAgenda(tx: Tx, actor: Actor, action: string, personIds: string[]): Promise<void> {
    await this.audit.record(tx, {
      actor: { id: actor.id, discipline: actor.discipline, organisationId: actor.organisationId },
      action,
      resourceType: 'follow_up',
      personIds,
      outcome: 'success',
      purpose: 'team_member',
    });
  }

  private async insert(tx: Tx, input: NewFollowUpInTx): Promise<FollowUp> {
    await requireTeamMember(tx, input.caseId, input.assigneeId, input.assigneeField);
    const personIds = [...new Set(input.personIds ?? [])];
    await requirePersonsOfCase(tx, input.caseId, personIds, 'personIds');
    const now = this.clock.now();
    const created = await tx.one<{ id: string }>(
      `INSERT INTO follow_ups (case_id, kind, title, scheduled_at, assignee_id, person_ids, remind_before_minutes, origin, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
      [
        input.caseId,
        input.kind,
        input.title ?? null,
        input.scheduledAt,
        input.assigneeId,
        personIds,
        normaliseMinutes(input.remindBeforeMinutes),
        input.origin,
        input.createdBy,
        now,
      ],
    );
    const followUp = await this.load(tx, created!.id);
    await this.syncTimers(tx, null, followUp, now);
    return followUp;
  }

  /** Arms what the follow-up now needs and removes what it no longer does, in the caller's transaction. */
  private async syncTimers(tx: Tx, before: FollowUp | null, after: FollowUp, now: Date): Promise<void> {
    const wanted = plannedTimers(timed(after), this.config.followUpOverdueGraceMinutes, now);
    if (wanted.length === 0) {
      await cancelTimers(tx, { prefix: followUpTimerPrefix(after.id) });
      return;
    }
    const keep = new Set(wanted.map((t) => t.key));
    const stale = before ? timerKeys(before).filter((key) => !keep.has(key)) : [];
    for (const key of stale) await cancelTimers(tx, key);
    for (const timer of wanted) await scheduleTimer(tx, timer);
  }

  private async load(tx: Tx, id: string, lock = false): Promise<FollowUp> {
    const row = await tx.one<FollowUpRow>(
      `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN cases c ON c.id = f.case_id WHERE f.id = $1 ${lock ? 'FOR UPDATE OF f' : ''}`,
      [id],
    );
    if (!row) throw followUpNotFound();
    return toFollowUp(row);
  }
}

/** Follow-ups are done by the team: the assignee must be a current member (422 naming the field). */
async function requireTeamMember(tx: Tx, caseId: string, userId: string, field: string): Promise<void> {
  const member = await tx.one(`SELECT 1 FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL`, [caseId, userId]);
  if (!member) {
    throw new DomainError('rule', 'NOT_A_TEAM_MEMBER', `${field} must name a current member of the case team.`, {
      errors: [{ field, message: `${field} names someone who is not on the case team` }],
    });
  }
}
