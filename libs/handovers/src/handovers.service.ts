import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, type GrantedAccess } from '@oneroof/access';
import { currentMembership, isActiveAccount, requireActiveProfessional, transferRole } from '@oneroof/cases';
import { AuditWriter, listedCaseIds, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { Clock, Db, decodeCursor, defaultRespondBy, DomainError, toPage, writeOutboxEvents, type Page, type Tx } from '@oneroof/platform';
import { completeChecklist, missingChecklistItems, type ChecklistInput } from './checklist';
import { isOpen, type Handover, type HandoverDirection, type HandoverStatus, type HandoverSummary } from './handover-model';
import { partiesPayload, refusalMessage, withoutCaseContent } from './handover-presentation';
import * as handovers from './handover-repository';
import { storedMeeting, toHandover, toHandoverSummary, type HandoverRow } from './handover-rows';
import { armDeadlines, cancelDeadlines } from './handover-timers';
import { decideTransition, partyOf, type HandoverAction } from './handover-state';
import { HandoverError, type HandoverErrorCode } from './handover-errors';

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
  /** The version the client read, when it names one (design.md §4). */
  version?: number;
}

export interface HandoverListFilter {
  direction?: HandoverDirection;
  status?: HandoverStatus;
}

/** One answer for a handover that does not exist and one the caller may not see (design.md §3). */
const handoverNotFound = () => new HandoverError('not_found', 'HANDOVER_NOT_FOUND', 'The handover does not exist.');

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
        const sender = await currentMembership(tx, caseId, actor.id, 'share');
        if (!sender) throw new HandoverError('not_found', 'CASE_NOT_FOUND', 'The case does not exist.');
        // The sender's account, read FOR SHARE once the case row is held, as the receiver's is below:
        // a deactivation that committed while this request queued (past its sign-in check) is seen
        // here, and one that starts now waits for this commit and then withdraws the handover. Either
        // way no handover stays open from a deactivated sender.
        if (!(await isActiveAccount(tx, actor.id, { share: true }))) {
          throw new HandoverError('unauthenticated', 'SENDER_DEACTIVATED', 'Your account has been deactivated.');
        }
        const missing = missingChecklistItems(input.checklist);
        if (missing.length > 0) {
          throw new HandoverError('rule', 'CHECKLIST_INCOMPLETE', `The handover checklist lacks: ${missing.join(', ')}.`, {
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
          throw new HandoverError('rule', 'RESPOND_BY_IN_PAST', 'respondBy must lie in the future.', {
            errors: [{ field: 'respondBy', message: 'respondBy must lie in the future' }],
          });
        }
        const open = await handovers.hasOpenFrom(tx, caseId, actor.id);
        if (open) throw new HandoverError('conflict', 'HANDOVER_ALREADY_OPEN', 'You have an open handover on this case already.');

        const respondBy = input.respondBy ?? defaultRespondBy(now);
        const reason = input.reason?.trim() || null;
        const id = await handovers.insert(tx, {
          caseId,
          fromUserId: actor.id,
          toUserId: input.toUserId,
          at: now,
          reason,
          checklist: completeChecklist(input.checklist!),
          respondBy,
        });
        const row = await this.load(tx, id);
        await writeOutboxEvents(tx, [
          { type: 'handover.proposed', caseId, payload: partiesPayload(row, access.reference), occurredAt: now },
        ]);
        await armDeadlines(tx, row, access.reference, now, respondBy);
        return { result: toHandover(row), resourceId: row.id };
      },
    );
  }

  /** An active professional, not the sender, not on the team already (design.md §4). */
  private async checkReceiver(tx: Tx, actor: Actor, caseId: string, toUserId: string): Promise<void> {
    const refuse = (code: HandoverErrorCode, message: string) =>
      new HandoverError('rule', code, message, { errors: [{ field: 'toUserId', message }] });
    if (toUserId === actor.id) throw refuse('RECEIVER_IS_SENDER', 'toUserId cannot be yourself: a handover goes to someone else');
    // FOR SHARE: a receiver deactivated meanwhile is either refused here or has this handover withdrawn.
    await requireActiveProfessional(tx, toUserId, 'toUserId', 'UNKNOWN_RECEIVER', { share: true });
    const onTeam = await currentMembership(tx, caseId, toUserId);
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
    return this.transition(actor, handoverId, 'record_meeting', 'handover.meeting', { version: meeting.version }, async (tx, row, now) => {
      if (meeting.heldAt.getTime() > now.getTime()) {
        throw new HandoverError('rule', 'MEETING_IN_FUTURE', 'Record the meeting once it has been held.', {
          errors: [{ field: 'heldAt', message: 'heldAt must not lie in the future' }],
        });
      }
      // The meeting of a handover briefs its receiver on that proposal: it cannot have been held before
      // it. People write a time to the minute (a form's datetime-local), so the proposal's own minute counts.
      const proposalMinute = Math.floor(row.proposed_at.getTime() / 60_000) * 60_000;
      if (meeting.heldAt.getTime() < proposalMinute) {
        throw new HandoverError('rule', 'MEETING_BEFORE_PROPOSAL', 'The handover meeting cannot be held before the proposal.', {
          errors: [{ field: 'heldAt', message: 'heldAt must not lie before the proposal (proposedAt)' }],
        });
      }
      const participantIds = [...new Set((meeting.participantIds ?? []).map((id) => id.toLowerCase()))];
      const absent = [
        ...(participantIds.includes(row.from_user_id) ? [] : ['sender']),
        ...(participantIds.includes(row.to_user_id) ? [] : ['receiver']),
      ];
      if (absent.length > 0) {
        throw new HandoverError(
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
        throw new HandoverError('rule', 'UNKNOWN_PARTICIPANT', 'participantIds names someone who is not a user.', {
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
  async accept(
    actor: Actor,
    handoverId: string,
    input: { confirmInformed: boolean; note?: string | null; version?: number },
  ): Promise<Handover> {
    const options = { lock: true, requireOpen: true, version: input.version };
    return this.transition(actor, handoverId, 'accept', 'handover.accept', options, async (tx, row, now) => {
      if (input.confirmInformed !== true) {
        throw new HandoverError('rule', 'NOT_CONFIRMED_INFORMED', 'Accept only once you confirm you are fully informed.', {
          missing: ['confirmInformed'],
          errors: [{ field: 'confirmInformed', message: 'confirmInformed must be true' }],
        });
      }
      // Acceptance puts the receiver on the team: the team's rule holds, although they were a professional when proposed to.
      await requireActiveProfessional(tx, row.to_user_id, 'toUserId', 'UNKNOWN_RECEIVER');
      // In one transaction the receiver takes the sender's role and the sender's membership ends (libs/cases owns how).
      const moved = await transferRole(tx, {
        caseId: row.case_id,
        fromUserId: row.from_user_id,
        toUserId: row.to_user_id,
        at: now,
        by: actor.id,
      });
      // The team service keeps the sender on the team while the handover is open; this is the guard's guard.
      if (!moved) throw new HandoverError('conflict', 'SENDER_NOT_ON_TEAM', 'The sender is no longer on the team.');
      return { accepted_at: now, accept_note: input.note?.trim() || null };
    });
  }

  /** The receiver says no, with a reason; their access to the case ends with it. */
  async decline(actor: Actor, handoverId: string, reason: string, version?: number): Promise<Handover> {
    return this.transition(actor, handoverId, 'decline', 'handover.decline', { version }, async (_tx, _row, now) => ({
      declined_at: now,
      decline_reason: reason.trim(),
    }));
  }

  /** The sender takes the proposal back, with a reason; the receiver's access ends with it. */
  async withdraw(actor: Actor, handoverId: string, reason: string, version?: number): Promise<Handover> {
    return this.transition(actor, handoverId, 'withdraw', 'handover.withdraw', { version }, async (_tx, _row, now) => ({
      withdrawn_at: now,
      withdraw_reason: reason.trim(),
    }));
  }

  /** The caller's own handovers, incoming, outgoing or both, newest first; no case content in them. */
  async list(actor: Actor, filter: HandoverListFilter, limit: number, cursor?: string): Promise<Page<HandoverSummary>> {
    const after = decodeListCursor(cursor);
    return this.db.transaction(async (tx) => {
      const rows = await handovers.ofUser(tx, actor.id, filter, after, limit + 1);
      await this.audit.record(tx, {
        actor,
        action: 'handover.list',
        resourceType: 'handover',
        caseIds: listedCaseIds(rows, limit, (r) => r.case_id),
        outcome: 'success',
        // Only the caller's own handovers, as sender or receiver, and none of their cases' content.
        purpose: STANDING_PURPOSE.ownPart,
      });
      return toPage(rows, limit, toHandoverSummary, (r) => ({ at: r.proposed_at.toISOString(), id: r.id }), 'handovers');
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
    /** `version`: the one the client read; a transition under a stale one is refused (409) before anything else. */
    options: { lock?: boolean; requireOpen?: boolean; version?: number },
    /** Checks the action's own rules, does its side effects, and names the columns it sets with the new status. */
    apply: (tx: Tx, row: HandoverRow, now: Date, access: GrantedAccess) => Promise<Partial<Record<handovers.TransitionColumn, unknown>>>,
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
          if (!decision.allowed) throw new HandoverError(decision.kind, decision.code, refusalMessage(decision.code, row.status));
          const now = this.clock.now();
          const columns = Object.entries(await apply(tx, row, now, access));
          // One statement, so that each timestamp and its status arrive together (the table's CHECKs). The row is
          // locked since load, so only a version the client read and sent can be stale here.
          await handovers.moveTo(tx, row, options.version ?? row.version, decision.next, now, columns);
          if (!isOpen(decision.next)) await cancelDeadlines(tx, row.id);
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
    const parties = await handovers.partiesOf(this.db, handoverId);
    if (!parties) throw handoverNotFound();
    return parties;
  }

  private async load(tx: Tx, handoverId: string, options: { lock?: boolean } = {}): Promise<HandoverRow> {
    const row = await handovers.load(tx, handoverId, options);
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

/** The list's cursor: the proposal time and id of the last row. */
const decodeListCursor = (cursor: string | undefined) => decodeCursor(cursor, 'handovers', { at: 'time', id: 'uuid' });
