import type { Handover, HandoverStatus } from './handover-model';
import type { HandoverRow } from './handover-rows';

/** What the handovers context says outward: refusal messages, the party's view, the events' payload. */

/** The routing contract of design.md §5: ids and the case reference, never a person's name. */
export const partiesPayload = (row: Pick<HandoverRow, 'id' | 'from_user_id' | 'to_user_id'>, caseReference: string) => ({
  caseReference,
  handoverId: row.id,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
});

export function refusalMessage(code: string, status: HandoverStatus): string {
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

/**
 * A handover as a party without access to the case sees it: who, when, and how it ended, and none of
 * the free text written in it (issue 15 finding 13): the receiver of a withdrawn handover learns that
 * and when it was withdrawn, not why; the reasons are case content, and their access to the case
 * ended with the handover (design.md §2).
 */
export function withoutCaseContent(handover: Handover): Handover {
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
