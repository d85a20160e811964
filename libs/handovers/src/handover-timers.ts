import { cancelTimers, responseDueAt, scheduleTimer, type Tx } from '@oneroof/platform';
import { partiesPayload } from './handover-presentation';
import type { HandoverRow } from './handover-rows';

/** Timer keys of design.md §5's deadlines; every timer of a handover starts with `handover:<id>:`. */
export const responseDueKey = (handoverId: string) => `handover:${handoverId}:response_due`;
export const overdueKey = (handoverId: string) => `handover:${handoverId}:overdue`;
const timerPrefix = (handoverId: string) => `handover:${handoverId}:`;

/** A proposal's two deadlines, in its transaction: the receiver reminded halfway, overdue at respondBy. */
export async function armDeadlines(tx: Tx, row: HandoverRow, caseReference: string, now: Date, respondBy: Date): Promise<void> {
  await scheduleTimer(tx, {
    key: responseDueKey(row.id),
    fireAt: responseDueAt(now, respondBy),
    event: {
      type: 'handover.response_due',
      caseId: row.case_id,
      payload: { caseReference, handoverId: row.id, toUserId: row.to_user_id, respondBy: respondBy.toISOString() },
    },
  });
  await scheduleTimer(tx, {
    key: overdueKey(row.id),
    fireAt: respondBy,
    event: {
      type: 'handover.overdue',
      caseId: row.case_id,
      payload: { ...partiesPayload(row, caseReference), respondBy: respondBy.toISOString() },
    },
  });
}

/** A handover that has ended has no deadlines left. */
export async function cancelDeadlines(tx: Tx, handoverId: string): Promise<void> {
  await cancelTimers(tx, { prefix: timerPrefix(handoverId) });
}
