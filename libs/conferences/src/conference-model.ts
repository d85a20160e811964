/** design.md §7 Case conference (MDO): the centre's multidisciplinary case review. */
export const CONFERENCE_KINDS = ['planning', 'review', 'acute', 'closing'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];

export const CONFERENCE_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type ConferenceStatus = (typeof CONFERENCE_STATUSES)[number];

export const FAMILY_PARTICIPATION_MODES = ['present', 'heard_before', 'informed_after', 'not_informed'] as const;
export type FamilyParticipationMode = (typeof FAMILY_PARTICIPATION_MODES)[number];

export const CHILD_VIEW_MODES = ['heard', 'in_writing', 'through_representative', 'not_heard'] as const;
export type ChildViewMode = (typeof CHILD_VIEW_MODES)[number];

export interface FamilyParticipation {
  mode: FamilyParticipationMode;
  /** Null for a reader under coordinator oversight: team content. */
  reason: string | null;
}

export interface ChildView {
  mode: ChildViewMode;
  /** Null for a reader under coordinator oversight: team content. */
  summary: string | null;
  reason: string | null;
}

export interface ConferenceDecision {
  id: string;
  text: string;
  rationale: string;
}

export interface ConferenceAction {
  title: string;
  assigneeId: string;
  dueAt: Date;
  /** The follow-up the action became in the record's transaction. */
  followUpId: string;
}

export interface ConferenceAddendum {
  id: string;
  authorId: string;
  /** Null for a reader under coordinator oversight: a correction of the minutes is team content. */
  text: string | null;
  createdAt: Date;
}

export interface Conference {
  id: string;
  caseId: string;
  caseReference: string;
  kind: ConferenceKind;
  scheduledAt: Date;
  chairId: string;
  /** As scheduled while planned; who attended once held. */
  participantIds: string[];
  status: ConferenceStatus;
  heldAt: Date | null;
  familyParticipation: FamilyParticipation | null;
  childView: ChildView | null;
  /** Team content: null for a reader under coordinator oversight (contentRestricted). */
  minutes: string | null;
  /** Team content: empty for a reader under coordinator oversight (contentRestricted). */
  decisions: ConferenceDecision[];
  actions: ConferenceAction[];
  nextReviewAt: Date | null;
  addenda: ConferenceAddendum[];
  cancelledAt: Date | null;
  cancelReason: string | null;
  recordedBy: string | null;
  createdBy: string;
  createdAt: Date;
  version: number;
  /** True when minutes, decisions, reasons, the child's view summary and addenda texts are left out. */
  contentRestricted: boolean;
}

export interface ScheduleConferenceInput {
  kind: ConferenceKind;
  scheduledAt: Date;
  chairId: string;
  participantIds?: string[];
}

export interface RescheduleConferenceInput {
  version: number;
  scheduledAt?: Date;
  kind?: ConferenceKind;
  chairId?: string;
  participantIds?: string[];
}

export interface RecordConferenceInput {
  heldAt: Date;
  participantIds?: string[];
  familyParticipation?: { mode: FamilyParticipationMode; reason?: string | null } | null;
  childView?: { mode: ChildViewMode; summary?: string | null; reason?: string | null } | null;
  minutes?: string | null;
  decisions?: { text: string; rationale: string }[];
  actions?: { title: string; assigneeId: string; dueAt: Date }[];
  nextReviewAt?: Date | null;
}
