import { OPEN_HANDOVER_STATUSES } from '@oneroof/access';
/** design.md §2 Handover (warme overdracht): what a warm transfer holds. */
export const HANDOVER_STATUSES = ['proposed', 'briefed', 'accepted', 'declined', 'withdrawn'] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];

/** A handover is open from proposal until acceptance, decline or withdrawal. */
export const OPEN_STATUSES: readonly HandoverStatus[] = OPEN_HANDOVER_STATUSES;
export const isOpen = (status: HandoverStatus): boolean => OPEN_STATUSES.includes(status);

export const CHECKLIST_ITEMS = [
  'safetySituation',
  'risks',
  'safetyAgreements',
  'openActions',
  'involvedProfessionals',
  'expectations',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/** What the next professional must know before the family is handed over; every item required. */
export interface Checklist {
  safetySituation: string;
  risks: string;
  safetyAgreements: string;
  openActions: string;
  involvedProfessionals: string;
  expectations: string;
  familyInformed: boolean;
  familyNotInformedReason: string | null;
}

export interface HandoverMeeting {
  heldAt: Date;
  participantIds: string[];
  familyPresent: boolean;
  /** Null for a party who no longer has access to the case. */
  notes: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** What anyone who may list their own handovers sees: no free text of the case. */
export interface HandoverSummary {
  id: string;
  caseId: string;
  caseReference: string;
  fromUserId: string;
  toUserId: string;
  status: HandoverStatus;
  respondBy: Date | null;
  proposedAt: Date;
  briefedAt: Date | null;
  acceptedAt: Date | null;
  declinedAt: Date | null;
  withdrawnAt: Date | null;
  version: number;
}

/** The whole handover, for those who may read the case (team level). */
export interface Handover extends HandoverSummary {
  reason: string | null;
  checklist: Checklist | null;
  meeting: HandoverMeeting | null;
  acceptNote: string | null;
  declineReason: string | null;
  withdrawReason: string | null;
}

export type HandoverDirection = 'incoming' | 'outgoing';
