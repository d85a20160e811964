import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, type GrantedAccess } from '@oneroof/access';
import { FollowUpPlanner, requireTeamMembers } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import {
  Clock,
  Db,
  decodeCursor,
  DomainError,
  invalid,
  staleVersion,
  updateVersioned,
  toPage,
  writeOutboxEvents,
  type Page,
  type Tx,
} from '@oneroof/platform';
import type { Conference, RecordConferenceInput, RescheduleConferenceInput, ScheduleConferenceInput } from './conference-model';
import { CONFERENCE_COLUMNS, storedAction, toConference, type ConferenceRow } from './conference-rows';
import { conferencePartyOf, decideConferenceTransition, type ConferenceAction } from './conference-state';
import { missingRecordItems } from './record-rules';
import { ConferenceError } from './conference-errors';

/** One answer for a conference that does not exist and one the caller may not see (design.md §3). */
export const conferenceNotFound = () => new ConferenceError('not_found', 'CONFERENCE_NOT_FOUND', 'The conference does not exist.');

/** Minutes are team content: a reader here by coordinator oversight alone sees the conference without them. */
const restrictedFor = (access: GrantedAccess) => access.purpose === 'coordinator_oversight';

const uniqueIds = (ids: string[] | undefined) => [...new Set((ids ?? []).map((id) => id.toLowerCase()))];

/**
 * Case conferences (MDO, design.md §7). Every operation goes through the CaseGate (one access rule,
 * one audit event in the work's transaction); each state change is decided by the pure state machine
 * and writes its outbox event in the same transaction. A conference names users, not persons, so its
 * audit events name no person.
 */
@Injectable()
export class ConferencesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(FollowUpPlanner) private readonly planner: FollowUpPlanner,
  ) {}

  /** Any team member; chair and participants current team members. */
  async schedule(actor: Actor, caseId: string, input: ScheduleConferenceInput): Promise<Conference> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'conference.schedule', resourceType: 'conference', need: 'write', requireOpen: true },
      async (tx, access) => {
        const participantIds = uniqueIds(input.participantIds);
        await requireTeamMembers(tx, caseId, [input.chairId], 'chairId');
        await requireTeamMembers(tx, caseId, participantIds, 'participantIds');
        const now = this.clock.now();
        const created = await tx.one<{ id: string }>(
          `INSERT INTO case_conferences (case_id, kind, scheduled_at, chair_id, scheduled_participant_ids, participant_ids, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $7) RETURNING id`,
          [caseId, input.kind, input.scheduledAt, input.chairId.toLowerCase(), participantIds, actor.id, now],
        );
        await writeOutboxEvents(tx, [
          {
            type: 'conference.scheduled',
            caseId,
            payload: {
              caseReference: access.reference,
              conferenceId: created!.id,
              participantIds,
              scheduledAt: input.scheduledAt.toISOString(),
            },
            occurredAt: now,
          },
        ]);
        return { result: toConference(await this.load(tx, created!.id), false), resourceId: created!.id };
      },
    );
  }

  /** Team and coordinators (oversight, without the minutes), soonest first. */
  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Conference>> {
    const after = decodeCursor(cursor, 'conferences', { at: 'time', id: 'uuid' });
    return this.gate.run(actor, caseId, { action: 'conference.list', resourceType: 'conference', need: 'header' }, async (tx, access) => {
      const rows = await tx.query<ConferenceRow>(
        `SELECT ${CONFERENCE_COLUMNS} FROM case_conferences cf JOIN cases c ON c.id = cf.case_id
          WHERE cf.case_id = $1 AND ($2::timestamptz IS NULL OR (cf.scheduled_at, cf.id) > ($2::timestamptz, $3::uuid))
          ORDER BY cf.scheduled_at, cf.id LIMIT $4`,
        [caseId, after?.at ?? null, after?.id ?? null, limit + 1],
      );
      const restricted = restrictedFor(access);
      return {
        result: toPage(
          rows,
          limit,
          (r) => toConference(r, restricted),
          (r) => ({ at: r.scheduled_at.toISOString(), id: r.id }),
          'conferences',
        ),
      };
    });
  }

  async get(actor: Actor, conferenceId: string): Promise<Conference> {
    const caseId = await this.caseOf(conferenceId);
    return this.hidden(() =>
      this.gate.run(
        actor,
        caseId,
        { action: 'conference.read', resourceType: 'conference', resourceId: conferenceId, need: 'header' },
        async (tx, access) => ({ result: toConference(await this.load(tx, conferenceId), restrictedFor(access)) }),
      ),
    );
  }

  /** A PATCH with `version` (409 when stale): time, kind, chair or participants of a planned conference. */
  async reschedule(actor: Actor, conferenceId: string, input: RescheduleConferenceInput): Promise<Conference> {
    return this.transition(actor, conferenceId, 'reschedule', 'conference.reschedule', async (tx, row) => {
      const fields = ['scheduledAt', 'kind', 'chairId', 'participantIds'] as const;
      if (fields.every((field) => input[field] === undefined)) {
        throw invalid([{ field: 'body', message: `name at least one of ${fields.join(', ')} besides version` }]);
      }
      if (row.version !== input.version) throw staleVersion('conference');
      if (input.chairId !== undefined) await requireTeamMembers(tx, row.case_id, [input.chairId], 'chairId');
      const participantIds = input.participantIds === undefined ? null : uniqueIds(input.participantIds);
      if (participantIds) await requireTeamMembers(tx, row.case_id, participantIds, 'participantIds');
      return {
        sql: `scheduled_at = COALESCE($3, scheduled_at), kind = COALESCE($4, kind), chair_id = COALESCE($5, chair_id),
              scheduled_participant_ids = COALESCE($6::uuid[], scheduled_participant_ids), participant_ids = COALESCE($6::uuid[], participant_ids)`,
        params: [input.scheduledAt ?? null, input.kind ?? null, input.chairId?.toLowerCase() ?? null, participantIds],
        events: [],
      };
    });
  }

  /**
   * The chair's record, once, on or after `scheduledAt`. In one transaction: the record, each action
   * as a follow-up (kind `other`, origin `conference`) and `conference.held`. Any refusal on the way
   * (an assignee not on the team) rolls all of it back.
   */
  async record(actor: Actor, conferenceId: string, input: RecordConferenceInput): Promise<Conference> {
    return this.transition(actor, conferenceId, 'record', 'conference.record', async (tx, row, now, access) => {
      if (now.getTime() < row.scheduled_at.getTime()) {
        throw new ConferenceError('conflict', 'CONFERENCE_NOT_DUE', 'A conference is recorded on or after its scheduled time.');
      }
      const problems = [...missingRecordItems(input)];
      if (input.heldAt.getTime() > now.getTime()) problems.unshift({ field: 'heldAt', message: 'heldAt must not lie in the future' });
      if (input.nextReviewAt && input.nextReviewAt.getTime() <= input.heldAt.getTime()) {
        problems.push({ field: 'nextReviewAt', message: 'nextReviewAt must lie after heldAt' });
      }
      if (problems.length > 0) {
        throw new ConferenceError('rule', 'CONFERENCE_RECORD_INCOMPLETE', `The record lacks: ${problems.map((p) => p.field).join(', ')}.`, {
          missing: problems.map((p) => p.field),
          errors: problems,
        });
      }
      const participantIds = input.participantIds === undefined ? row.participant_ids : uniqueIds(input.participantIds);
      await requireTeamMembers(tx, row.case_id, participantIds, 'participantIds');
      const actions = input.actions ?? [];
      const followUpIds = await this.planner.planActions(
        tx,
        actions.map((a, i) => ({
          caseId: row.case_id,
          caseReference: access.reference,
          createdBy: actor.id,
          title: a.title,
          assigneeId: a.assigneeId,
          scheduledAt: a.dueAt,
          kind: 'other',
          remindBeforeMinutes: [],
          origin: 'conference',
          field: `actions[${i}].assigneeId`,
        })),
      );
      const family = input.familyParticipation!;
      const child = input.childView!;
      return {
        sql: `held_at = $3, participant_ids = $4, family_participation = $5::jsonb, child_view = $6::jsonb, minutes = $7,
              decisions = $8::jsonb, actions = $9::jsonb, next_review_at = $10, recorded_by = $11, recorded_at = $12`,
        params: [
          input.heldAt,
          participantIds,
          JSON.stringify({ mode: family.mode, reason: family.reason?.trim() || null }),
          JSON.stringify({ mode: child.mode, summary: child.summary?.trim() || null, reason: child.reason?.trim() || null }),
          input.minutes?.trim() || null,
          JSON.stringify((input.decisions ?? []).map((d) => ({ id: randomUUID(), text: d.text.trim(), rationale: d.rationale.trim() }))),
          JSON.stringify(actions.map((a, i) => storedAction({ ...a, followUpId: followUpIds[i] }))),
          input.nextReviewAt ?? null,
          actor.id,
          now,
        ],
        events: [{ type: 'conference.held', payload: { caseReference: access.reference, conferenceId: row.id } }],
      };
    });
  }

  /** Any team member, with a reason; the participants hear of it. */
  async cancel(actor: Actor, conferenceId: string, reason: string): Promise<Conference> {
    return this.transition(actor, conferenceId, 'cancel', 'conference.cancel', async (_tx, row, now, access) => ({
      sql: `cancelled_at = $3, cancelled_by = $4, cancel_reason = $5`,
      params: [now, actor.id, reason.trim()],
      events: [
        {
          type: 'conference.cancelled',
          payload: { caseReference: access.reference, conferenceId: row.id, participantIds: row.participant_ids },
        },
      ],
    }));
  }

  /** A held conference is immutable; a correction is an addendum by any participant (the chair included). */
  async addAddendum(actor: Actor, conferenceId: string, text: string): Promise<Conference> {
    const caseId = await this.caseOf(conferenceId);
    return this.hidden(() =>
      this.gate.run(
        actor,
        caseId,
        { action: 'conference.addendum', resourceType: 'conference', resourceId: conferenceId, need: 'write', requireOpen: true },
        async (tx) => {
          const row = await this.load(tx, conferenceId, { lock: true });
          this.decide(row, 'add_addendum', actor);
          await tx.query(
            `INSERT INTO conference_addenda (conference_id, case_id, author_id, text, created_at) VALUES ($1, $2, $3, $4, $5)`,
            [row.id, row.case_id, actor.id, text.trim(), this.clock.now()],
          );
          return { result: toConference(await this.load(tx, conferenceId), false) };
        },
      ),
    );
  }

  /**
   * One transition: the conference row locked so that concurrent transitions take turns and the
   * second sees the first's outcome; the state machine decides; the change, its version and its
   * events in the gate's one transaction.
   */
  private async transition(
    actor: Actor,
    conferenceId: string,
    action: ConferenceAction,
    auditAction: string,
    apply: (
      tx: Tx,
      row: ConferenceRow,
      now: Date,
      access: GrantedAccess,
    ) => Promise<{ sql: string; params: unknown[]; events: { type: string; payload: Record<string, unknown> }[] }>,
  ): Promise<Conference> {
    const caseId = await this.caseOf(conferenceId);
    return this.hidden(() =>
      this.gate.run(
        actor,
        caseId,
        { action: auditAction, resourceType: 'conference', resourceId: conferenceId, need: 'write', requireOpen: true },
        async (tx, access) => {
          const row = await this.load(tx, conferenceId, { lock: true });
          const next = this.decide(row, action, actor);
          const now = this.clock.now();
          const change = await apply(tx, row, now, access);
          const offset = 3 + change.params.length;
          // The version read under the row lock: a rule checked on `row` holds for the row written.
          await updateVersioned(tx, {
            table: 'case_conferences',
            what: 'conference',
            id: row.id,
            version: row.version,
            set: `${change.sql}, status = $${offset}, updated_at = $${offset + 1}`,
            params: [...change.params, next, now],
          });
          await writeOutboxEvents(
            tx,
            change.events.map((e) => ({ ...e, caseId: row.case_id, occurredAt: now })),
          );
          return { result: toConference(await this.load(tx, conferenceId), false) };
        },
      ),
    );
  }

  private decide(row: ConferenceRow, action: ConferenceAction, actor: Actor) {
    const party = conferencePartyOf({ chairId: row.chair_id, participantIds: row.participant_ids }, actor.id);
    const decision = decideConferenceTransition(row.status, action, party);
    if (!decision.allowed) throw new ConferenceError(decision.kind, decision.code, refusalMessage(decision.code));
    return decision.next;
  }

  private async caseOf(conferenceId: string): Promise<string> {
    const [row] = await this.db.query<{ case_id: string }>(`SELECT case_id FROM case_conferences WHERE id = $1`, [conferenceId]);
    if (!row) throw conferenceNotFound();
    return row.case_id;
  }

  private async load(tx: Tx, conferenceId: string, options: { lock?: boolean } = {}): Promise<ConferenceRow> {
    const row = await tx.one<ConferenceRow>(
      `SELECT ${CONFERENCE_COLUMNS} FROM case_conferences cf JOIN cases c ON c.id = cf.case_id WHERE cf.id = $1 ${options.lock ? 'FOR UPDATE OF cf' : ''}`,
      [conferenceId],
    );
    if (!row) throw conferenceNotFound();
    return row;
  }

  /** The gate answers an outsider that the case does not exist; here that must read as for a conference never issued. */
  private async hidden<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') throw conferenceNotFound();
      throw error;
    }
  }
}

function refusalMessage(code: string): string {
  switch (code) {
    case 'CONFERENCE_PARTY_FORBIDDEN':
      return 'Your part in this conference does not allow this.';
    case 'CONFERENCE_HELD':
      return 'The conference is held and immutable; add an addendum instead.';
    case 'CONFERENCE_NOT_HELD':
      return 'An addendum corrects the record of a held conference; this one is not held.';
    default:
      return 'The conference was cancelled.';
  }
}
