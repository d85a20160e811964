import type { Checklist, Handover, HandoverMeeting, HandoverStatus, HandoverSummary } from './handover-model';

/** The columns of a handover with its case reference; `h` is handovers, `c` its case. */
export const HANDOVER_COLUMNS = `h.id, h.case_id, c.reference AS case_reference, h.from_user_id, h.to_user_id, h.status, h.reason, h.checklist,
  h.respond_by, h.meeting, h.proposed_at, h.briefed_at, h.accepted_at, h.accept_note, h.declined_at, h.decline_reason,
  h.withdrawn_at, h.withdraw_reason, h.version`;

interface StoredMeeting {
  heldAt: string;
  participantIds: string[];
  familyPresent: boolean;
  notes: string;
  recordedBy: string;
  recordedAt: string;
}

export interface HandoverRow {
  id: string;
  case_id: string;
  case_reference: string;
  from_user_id: string;
  to_user_id: string;
  status: HandoverStatus;
  reason: string | null;
  checklist: Checklist | null;
  respond_by: Date | null;
  meeting: StoredMeeting | null;
  proposed_at: Date;
  briefed_at: Date | null;
  accepted_at: Date | null;
  accept_note: string | null;
  declined_at: Date | null;
  decline_reason: string | null;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  version: number;
}

export const storedMeeting = (meeting: HandoverMeeting): StoredMeeting => ({
  heldAt: meeting.heldAt.toISOString(),
  participantIds: meeting.participantIds,
  familyPresent: meeting.familyPresent,
  notes: meeting.notes ?? '', // a meeting being stored always has its notes
  recordedBy: meeting.recordedBy,
  recordedAt: meeting.recordedAt.toISOString(),
});

export const toHandoverSummary = (row: HandoverRow): HandoverSummary => ({
  id: row.id,
  caseId: row.case_id,
  caseReference: row.case_reference,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
  status: row.status,
  respondBy: row.respond_by,
  proposedAt: row.proposed_at,
  briefedAt: row.briefed_at,
  acceptedAt: row.accepted_at,
  declinedAt: row.declined_at,
  withdrawnAt: row.withdrawn_at,
  version: row.version,
});

export const toHandover = (row: HandoverRow): Handover => ({
  ...toHandoverSummary(row),
  reason: row.reason,
  checklist: row.checklist,
  meeting: row.meeting
    ? {
        heldAt: new Date(row.meeting.heldAt),
        participantIds: row.meeting.participantIds,
        familyPresent: row.meeting.familyPresent,
        notes: row.meeting.notes,
        recordedBy: row.meeting.recordedBy,
        recordedAt: new Date(row.meeting.recordedAt),
      }
    : null,
  acceptNote: row.accept_note,
  declineReason: row.decline_reason,
  withdrawReason: row.withdraw_reason,
});
