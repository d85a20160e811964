import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, type GrantedAccess } from '@oneroof/access';
import { requireActiveProfessional } from '@oneroof/cases';
import { AuditWriter } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import {
  cancelTimers,
  Clock,
  Db,
  decodeCursor,
  defaultRespondBy,
  DomainError,
  responseDueAt,
  scheduleTimer,
  toPage,
  writeOutboxEvents,
  type Page,
  type Tx,
} from '@oneroof/platform';
import { completeChecklist, missingChecklistItems, type ChecklistInput } from './checklist';
import { isOpen, type Handover, type HandoverDirection, type HandoverStatus, type HandoverSummary } from './handover-model';
import { HANDOVER_COLUMNS, storedMeeting, toHandover, toHandoverSummary, type HandoverRow } from './handover-rows';
import { decideTransition, partyOf, type HandoverAction } from './handover-state';

export interface ProposeHandoverInput {
  toUserId: string;
  reason?: string | null;
  checklist?: ChecklistInput | null;
  respondBy?: Date | null;
}

export interface MeetingInput {
  heldAt: Date;
  participantIds?: string[];
  familyPresent: boolean;
  notes: string;
}

export interface HandoverListFilter {
  direction?: HandoverDirection;
  status?: HandoverStatus;
}

/** Timer keys of design.md §5's deadlines; every timer of a handover starts with `handover:<id>:`. */
export const responseDueKey = (handoverId: string) => `handover:${handoverId}:response_due`;
export const overdueKey = (handoverId: string) => `handover:${handoverId}:overdue`;
const timerPrefix = (handoverId: string) => `handover:${handoverId}:`;

/** The columns a transition may set besides status and version: fixed names, never from input. */
type TransitionColumn =
  | 'meeting'
  | 'briefed_at'
  | 'briefed_by'
  | 'accepted_at'
  | 'accept_note'
  | 'declined_at'
  | 'decline_reason'
  | 'withdrawn_at'
  | 'withdraw_reason';

/** One answer for a handover that does not exist and one the caller may not see (design.md §3). */
const handoverNotFound = () => new DomainError('not_found', 'HANDOVER_NOT_FOUND', 'The handover does not exist.');

const auditActor = (actor: Actor) => ({ id: actor.id, discipline: actor.discipline, organisationId: actor.organisationId });

/** The routing contract of design.md §5: ids and the case reference, never a person's name. */
const partiesPayload = (row: Pick<HandoverRow, 'id' | 'from_user_id' | 'to_user_id'>, caseReference: string) => ({
  caseReference,
  handoverId: row.id,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
});

/**
 * Warm transfer (warme overdracht, design.md §2): no family is handed over until the next
 * professional is fully informed. Every operation goes through the CaseGate, so that access is
 * decided in one place and each writes exactly one audit event; each transition writes its outbox
 * event and moves its timers in the same transaction.
 */
@Injectable()
export class HandoversService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /**
   * A team member proposes to hand their role over to one receiver. The case row is locked, so that
   * a proposal and the closing of the case (which refuses while a handover is open) cannot cross.
   */
  async propose(actor: Actor, caseId: string, input: ProposeHandoverInput): Promise<Handover> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'handover.propose', resourceType: 'handover', need: 'write', requireOpen: true, lock: true },
      async (tx, access) => {
        // The sender's membership is what a leave or a removal ends, after checking for an open
        // handover: held FOR SHARE, the two take turns on it and the second sees the first's outcome,
        // so that no handover is ever left open with its sender off the team (issue 15 finding 2).
        const sender = await tx.one(`SELECT 1 FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL FOR SHARE`, [
          caseId,
          actor.id,
        ]);
        if (!sender) throw new DomainError('not_found', 'CASE_NOT_FOUND', 'The case does not exist.');
        const missing = missingChecklistItems(input.checklist);
        if (missing.length > 0) {
          throw new DomainError('rule', 'CHECKLIST_INCOMPLETE', `The handover checklist lacks: ${missing.join(', ')}.`, {
            missing,
            errors: missing.map((item) => ({
              field: `checklist.${item}`,
              message: item === 'familyInformed' ? 'familyInformed must be true, or familyNotInformedReason given' : `${item} is required`,
            })),
          });
        }
        await this.checkReceiver(tx, actor, caseId, input.toUserId);
        const now = this.clock.now();
        if (input.respondBy && input.respondBy.getTime() <= now.getTime()) {
          throw new DomainError('rule', 'RESPOND_BY_IN_PAST', 'respondBy must lie in the future.', {
            errors: [{ field: 'respondBy', message: 'respondBy must lie in the future' }],
          });
        }
        const open = await tx.one(`SELECT 1 FROM handovers WHERE case_id = $1 AND from_user_id = $2 AND status IN ('proposed','briefed')`, [
          caseId,
          actor.id,
        ]);
        if (open) throw new DomainError('conflict', 'HANDOVER_ALREADY_OPEN', 'You have an open handover on this case already.');

        const respondBy = input.respondBy ?? defaultRespondBy(now);
        const reason = input.reason?.trim() || null;
        const created = await tx.one<{ id: string }>(
          `INSERT INTO handovers (case_id, from_user_id, to_user_id, status, proposed_at, reason, checklist, respond_by, updated_at)
           VALUES ($1, $2, $3, 'proposed', $4, $5, $6::jsonb, $7, $4) RETURNING id`,
          [caseId, actor.id, input.toUserId, now, reason, JSON.stringify(completeChecklist(input.checklist!)), respondBy],
        );
        const row = await this.load(tx, created!.id);
        await writeOutboxEvents(tx, [
          { type: 'handover.proposed', caseId, payload: partiesPayload(row, access.reference), occurredAt: now },
        ]);
        await scheduleTimer(tx, {
          key: responseDueKey(row.id),
          fireAt: responseDueAt(now, respondBy),
          event: {
            type: 'handover.response_due',
            caseId,
            payload: { caseReference: access.reference, handoverId: row.id, toUserId: row.to_user_id, respondBy: respondBy.toISOString() },
          },
        });
        await scheduleTimer(tx, {
          key: overdueKey(row.id),
          fireAt: respondBy,
          event: {
            type: 'handover.overdue',
            caseId,
            payload: { ...partiesPayload(row, access.reference), respondBy: respondBy.toISOString() },
          },
        });
        return { result: toHandover(row), resourceId: row.id };
      },
    );
  }

  /** An active professional, not the sender, not on the team already (design.md §4). */
  private async checkReceiver(tx: Tx, actor: Actor, caseId: string, toUserId: string): Promise<void> {
    const refuse = (code: string, message: string) => new DomainError('rule', code, message, { errors: [{ field: 'toUserId', message }] });
    if (toUserId === actor.id) throw refuse('RECEIVER_IS_SENDER', 'toUserId cannot be yourself: a handover goes to someone else');
    await requireActiveProfessional(tx, toUserId, 'toUserId', 'UNKNOWN_RECEIVER');
    const onTeam = await tx.one(`SELECT 1 FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL`, [caseId, toUserId]);
    if (onTeam) throw refuse('RECEIVER_ON_TEAM', 'toUserId is on the team already');
  }

  /**
   * Sender, receiver, team and coordinators (design.md §4). Sender and receiver keep reading the record
   * of their own transfer after it ended, but once they have no access to the case, without its
   * content: no checklist, reason or meeting notes.
   */
  async get(actor: Actor, handoverId: string): Promise<Handover> {
    const { caseId, fromUserId, toUserId } = await this.partiesOf(handoverId);
    const resourceParty = actor.id === fromUserId ? 'sender' : actor.id === toUserId ? 'receiver' : null;
    return this.hidden(() =>
      this.gate.run(
        actor,
        caseId,
        { action: 'handover.read', resourceType: 'handover', resourceId: handoverId, need: 'header', resourceParty },
        async (tx, access) => {
          const handover = toHandover(await this.load(tx, handoverId));
          return { result: access.partyOnly ? withoutCaseContent(handover) : handover };
        },
      ),
    );
  }

  /** The handover meeting: sender and receiver among the participants, held already. */
  async recordMeeting(actor: Actor, handoverId: string, meeting: MeetingInput): Promise<Handover> {
    return this.transition(actor, handoverId, 'record_meeting', 'handover.meeting', {}, async (tx, row, now) => {
      if (meeting.heldAt.getTime() > now.getTime()) {
        throw new DomainError('rule', 'MEETING_IN_FUTURE', 'Record the meeting once it has been held.', {
          errors: [{ field: 'heldAt', message: 'heldAt must not lie in the future' }],
        });
      }
      // The meeting of a handover briefs its receiver on that proposal: it cannot have been held before it.
      if (meeting.heldAt.getTime() < row.proposed_at.getTime()) {
        throw new DomainError('rule', 'MEETING_BEFORE_PROPOSAL', 'The handover meeting cannot be held before the proposal.', {
          errors: [{ field: 'heldAt', message: 'heldAt must not lie before the proposal (proposedAt)' }],
        });
      }
      const participantIds = [...new Set((meeting.participantIds ?? []).map((id) => id.toLowerCase()))];
      const absent = [
        ...(participantIds.includes(row.from_user_id) ? [] : ['sender']),
        ...(participantIds.includes(row.to_user_id) ? [] : ['receiver']),
      ];
      if (absent.length > 0) {
        throw new DomainError(
          'rule',
          'MEETING_PARTIES_ABSENT',
          `A handover meeting needs both sender and receiver; missing: ${absent.join(', ')}.`,
          {
            missing: absent,
            errors: [{ field: 'participantIds', message: 'participantIds must include the sender and the receiver' }],
          },
        );
      }
      const known = await tx.query<{ id: string }>(`SELECT id FROM users WHERE id = ANY($1::uuid[])`, [participantIds]);
      if (known.length !== participantIds.length) {
        throw new DomainError('rule', 'UNKNOWN_PARTICIPANT', 'participantIds names someone who is not a user.', {
          errors: [{ field: 'participantIds', message: 'participantIds must name users' }],
        });
      }
      const stored = storedMeeting({ ...meeting, participantIds, notes: meeting.notes.trim(), recordedBy: actor.id, recordedAt: now });
      return { meeting: JSON.stringify(stored), briefed_at: now, briefed_by: actor.id };
    });
  }

  /**
   * Only the receiver, only after the meeting, only confirming they are informed. In one
   * transaction the receiver takes the sender's role and the sender's membership ends. The sender's
   * membership ends before the receiver's begins: at most one current lead is an immediate unique
   * index, exactly one lead a deferred trigger checked at commit.
   */
  async accept(actor: Actor, handoverId: string, input: { confirmInformed: boolean; note?: string | null }): Promise<Handover> {
    return this.transition(actor, handoverId, 'accept', 'handover.accept', { lock: true, requireOpen: true }, async (tx, row, now) => {
      if (input.confirmInformed !== true) {
        throw new DomainError('rule', 'NOT_CONFIRMED_INFORMED', 'Accept only once you confirm you are fully informed.', {
          missing: ['confirmInformed'],
          errors: [{ field: 'confirmInformed', message: 'confirmInformed must be true' }],
        });
      }
      // Acceptance puts the receiver on the team: the team's rule holds, although they were a professional when proposed to.
      await requireActiveProfessional(tx, row.to_user_id, 'toUserId', 'UNKNOWN_RECEIVER');
      const sender = await tx.one<{ id: string; role: 'lead' | 'member' }>(
        `SELECT id, role FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL FOR UPDATE`,
        [row.case_id, row.from_user_id],
      );
      // The team service keeps the sender on the team while the handover is open; this is the guard's guard.
      if (!sender) throw new DomainError('conflict', 'SENDER_NOT_ON_TEAM', 'The sender is no longer on the team.');
      await tx.query(`UPDATE case_memberships SET until = $2, ended_by = $3, ended_reason = 'handed_over' WHERE id = $1`, [
        sender.id,
        now,
        actor.id,
      ]);
      // The receiver may be on the team already: added since the proposal, or the receiver of another
      // handover accepted first (the lead's and a member's to the same person). They keep one current
      // membership with the stronger role: a lead stays lead when a member's handover to them is
      // accepted too, and that handover still ends its sender's membership (issue 15 finding 8).
      const current = await tx.one<{ id: string; role: 'lead' | 'member' }>(
        `SELECT id, role FROM case_memberships WHERE case_id = $1 AND user_id = $2 AND until IS NULL FOR UPDATE`,
        [row.case_id, row.to_user_id],
      );
      const role = current?.role === 'lead' ? 'lead' : sender.role;
      if (current && current.role !== role) {
        await tx.query(`UPDATE case_memberships SET until = $2, ended_by = $3, ended_reason = 'role_changed' WHERE id = $1`, [
          current.id,
          now,
          actor.id,
        ]);
      }
      if (!current || current.role !== role) {
        await tx.query(`INSERT INTO case_memberships (case_id, user_id, role, since, added_by) VALUES ($1, $2, $3, $4, $5)`, [
          row.case_id,
          row.to_user_id,
          role,
          now,
          row.from_user_id,
        ]);
      }
      return { accepted_at: now, accept_note: input.note?.trim() || null };
    });
  }

  /** The receiver says no, with a reason; their access to the case ends with it. */
  async decline(actor: Actor, handoverId: string, reason: string): Promise<Handover> {
    return this.transition(actor, handoverId, 'decline', 'handover.decline', {}, async (_tx, _row, now) => ({
      declined_at: now,
      decline_reason: reason.trim(),
    }));
  }

  /** The sender takes the proposal back, with a reason; the receiver's access ends with it. */
  async withdraw(actor: Actor, handoverId: string, reason: string): Promise<Handover> {
    return this.transition(actor, handoverId, 'withdraw', 'handover.withdraw', {}, async (_tx, _row, now) => ({
      withdrawn_at: now,
      withdraw_reason: reason.trim(),
    }));
  }

  /** The caller's own handovers, incoming, outgoing or both, newest first; no case content in them. */
  async list(actor: Actor, filter: HandoverListFilter, limit: number, cursor?: string): Promise<Page<HandoverSummary>> {
    const after = decodeListCursor(cursor);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<HandoverRow>(
        `SELECT ${HANDOVER_COLUMNS} FROM handovers h JOIN cases c ON c.id = h.case_id
          WHERE (($2::text IS NULL AND (h.from_user_id = $1 OR h.to_user_id = $1))
                 OR ($2 = 'outgoing' AND h.from_user_id = $1)
                 OR ($2 = 'incoming' AND h.to_user_id = $1))
            AND ($3::text IS NULL OR h.status = $3)
            AND ($4::timestamptz IS NULL OR (h.proposed_at, h.id) < ($4::timestamptz, $5::uuid))
          ORDER BY h.proposed_at DESC, h.id DESC LIMIT $6`,
        [actor.id, filter.direction ?? null, filter.status ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
      );
      await this.audit.record(tx, {
        actor: auditActor(actor),
        action: 'handover.list',
        resourceType: 'handover',
        outcome: 'success',
        purpose: 'team_member',
      });
      return toPage(rows, limit, toHandoverSummary, (r) => ({ at: r.proposed_at.toISOString(), id: r.id }));
    });
  }

  /**
   * One transition: the handover row locked (FOR UPDATE) so that concurrent transitions of one
   * handover take turns and the second sees the first's outcome; the state machine decides; the
   * change, its version, its outbox event and its timers in the gate's one transaction.
   */
  private async transition(
    actor: Actor,
    handoverId: string,
    action: HandoverAction,
    auditAction: string,
    options: { lock?: boolean; requireOpen?: boolean },
    /** Checks the action's own rules, does its side effects, and names the columns it sets with the new status. */
    apply: (tx: Tx, row: HandoverRow, now: Date, access: GrantedAccess) => Promise<Partial<Record<TransitionColumn, unknown>>>,
  ): Promise<Handover> {
    const caseId = await this.caseOf(handoverId);
    return this.hidden(() =>
      this.gate.run(
        actor,
        caseId,
        {
          action: auditAction,
          resourceType: 'handover',
          resourceId: handoverId,
          need: 'header',
          lock: options.lock,
          requireOpen: options.requireOpen,
        },
        async (tx, access) => {
          const row = await this.load(tx, handoverId, { lock: true });
          const decision = decideTransition(
            row.status,
            action,
            partyOf({ fromUserId: row.from_user_id, toUserId: row.to_user_id }, actor.id),
          );
          if (!decision.allowed) throw new DomainError(decision.kind, decision.code, refusalMessage(decision.code, row.status));
          const now = this.clock.now();
          const columns = Object.entries(await apply(tx, row, now, access));
          // One statement, so that each timestamp and its status arrive together (the table's CHECKs).
          const moved = await tx.execute(
            `UPDATE handovers SET status = $3, version = version + 1, updated_at = $4${columns.map(([column], i) => `, ${column} = $${i + 5}`).join('')}
              WHERE id = $1 AND version = $2`,
            [row.id, row.version, decision.next, now, ...columns.map(([, value]) => value)],
          );
          if (moved.affected === 0) throw new DomainError('conflict', 'STALE_VERSION', 'The handover was changed meanwhile; reload it.');
          if (!isOpen(decision.next)) await cancelTimers(tx, { prefix: timerPrefix(row.id) });
          await writeOutboxEvents(tx, [
            { type: `handover.${decision.next}`, caseId: row.case_id, payload: partiesPayload(row, access.reference), occurredAt: now },
          ]);
          return { result: toHandover(await this.load(tx, handoverId)) };
        },
      ),
    );
  }

  private async caseOf(handoverId: string): Promise<string> {
    return (await this.partiesOf(handoverId)).caseId;
  }

  private async partiesOf(handoverId: string): Promise<{ caseId: string; fromUserId: string; toUserId: string }> {
    const [row] = await this.db.query<{ case_id: string; from_user_id: string; to_user_id: string }>(
      `SELECT case_id, from_user_id, to_user_id FROM handovers WHERE id = $1`,
      [handoverId],
    );
    if (!row) throw handoverNotFound();
    return { caseId: row.case_id, fromUserId: row.from_user_id, toUserId: row.to_user_id };
  }

  private async load(tx: Tx, handoverId: string, options: { lock?: boolean } = {}): Promise<HandoverRow> {
    const row = await tx.one<HandoverRow>(
      `SELECT ${HANDOVER_COLUMNS} FROM handovers h JOIN cases c ON c.id = h.case_id WHERE h.id = $1 ${options.lock ? 'FOR UPDATE OF h' : ''}`,
      [handoverId],
    );
    if (!row) throw handoverNotFound();
    return row;
  }

  /** The gate answers an outsider that the case does not exist; here that must read as for a handover never issued. */
  private async hidden<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') throw handoverNotFound();
      throw error;
    }
  }
}

function refusalMessage(code: string, status: HandoverStatus): string {
  switch (code) {
    case 'HANDOVER_PARTY_FORBIDDEN':
      return 'Your part in this handover does not allow this.';
    case 'HANDOVER_NOT_BRIEFED':
      return 'A handover is accepted only after the handover meeting has been recorded.';
    case 'HANDOVER_ALREADY_BRIEFED':
      return 'The handover meeting has been recorded already.';
    default:
      return `The handover has ended (${status}).`;
  }
}

/** The list's cursor: the proposal time and id of the last row. */
const decodeListCursor = (cursor: string | undefined) => decodeCursor(cursor, { at: 'time', id: 'uuid' });

/**
 * A handover as a party without access to the case sees it: who, when, and how it ended, and none of
 * the free text written in it (issue 15 finding 13): the receiver of a withdrawn handover learns that
 * and when it was withdrawn, not why; the reasons are case content, and their access to the case
 * ended with the handover (design.md §2).
 */
function withoutCaseContent(handover: Handover): Handover {
  return {
    ...handover,
    reason: null,
    checklist: null,
    meeting: handover.meeting ? { ...handover.meeting, notes: null } : null,
    acceptNote: null,
    declineReason: null,
    withdrawReason: null,
  };
}
