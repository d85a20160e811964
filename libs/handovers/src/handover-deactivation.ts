import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import { DeactivationHooks, type UserDeactivated } from '@oneroof/identity';
import { writeOutboxEvents, type Tx } from '@oneroof/platform';
import { partiesPayload } from './handover-presentation';
import * as handovers from './handover-repository';
import { cancelDeadlines } from './handover-timers';
import { decideTransition } from './handover-state';

/** What withdraw_reason holds for a handover the system withdrew because a party was deactivated. */
export const DEACTIVATION_WITHDRAW_REASONS = ['receiver_deactivated', 'sender_deactivated'] as const;
export type DeactivationWithdrawReason = (typeof DEACTIVATION_WITHDRAW_REASONS)[number];

/**
 * Issue 14: a deactivated user's open handovers are withdrawn in the deactivation's transaction.
 *
 * - Incoming (receiver deactivated): nobody is left to accept, and the handover would stay open,
 *   holding the case in "handover open" (it cannot be closed) until its deadline passes; the
 *   sender is told so that they can propose to someone else.
 * - Outgoing (sender deactivated): a warm transfer needs the sender at the meeting and to answer
 *   the receiver's questions, and the receiver would keep a prospective receiver's access to the
 *   case on the word of someone who is gone. It is withdrawn too, and the receiver told; the case's
 *   lead and the coordinators decide who hands the family over now.
 *
 * Each withdrawal is one audit event (`handover.withdraw`, the case's id, the admin as actor with
 * the purpose of administration) and one `handover.withdrawn` outbox event, as a sender's own
 * withdrawal writes, with the cause in its payload; its deadlines are cancelled. The state machine
 * decides as for a sender's withdrawal, so that the one rule of which states are open stays the rule.
 */
@Injectable()
export class HandoverDeactivation implements OnModuleInit {
  constructor(
    @Inject(DeactivationHooks) private readonly hooks: DeactivationHooks,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  onModuleInit(): void {
    this.hooks.register((tx, event) => this.withdrawOpenOf(tx, event).then(() => undefined));
  }

  /** Withdraws every open handover of the user, in the caller's transaction; answers how many. */
  async withdrawOpenOf(tx: Tx, event: UserDeactivated): Promise<number> {
    const rows = await handovers.openOfUserForUpdate(tx, event.userId);
    for (const row of rows) {
      const reason: DeactivationWithdrawReason = row.to_user_id === event.userId ? 'receiver_deactivated' : 'sender_deactivated';
      const decision = decideTransition(row.status, 'withdraw', 'sender');
      // Open rows only (the query), and a sender may always withdraw an open handover.
      if (!decision.allowed) throw new Error(`handover ${row.id} in ${row.status} cannot be withdrawn: ${decision.code}`);
      await handovers.moveTo(tx, row, row.version, decision.next, event.at, [
        ['withdrawn_at', event.at],
        ['withdraw_reason', reason],
      ]);
      await cancelDeadlines(tx, row.id);
      await writeOutboxEvents(tx, [
        {
          type: 'handover.withdrawn',
          caseId: row.case_id,
          payload: { ...partiesPayload(row, row.case_reference), cause: reason },
          occurredAt: event.at,
        },
      ]);
      await this.audit.record(tx, {
        actor: event.by,
        action: 'handover.withdraw',
        resourceType: 'handover',
        resourceId: row.id,
        caseId: row.case_id,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
        at: event.at,
      });
    }
    return rows.length;
  }
}
