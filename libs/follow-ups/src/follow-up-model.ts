/** design.md §2 Follow-up; `aftercare` (§8) is planned by closing a case with aftercare, never created by hand. */
export const FOLLOW_UP_KINDS = ['home_visit', 'phone_call', 'meeting', 'case_conference', 'other', 'aftercare'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const CREATABLE_FOLLOW_UP_KINDS = ['home_visit', 'phone_call', 'meeting', 'case_conference', 'other'] as const;
export type CreatableFollowUpKind = (typeof CREATABLE_FOLLOW_UP_KINDS)[number];

/** design.md §8: the aftercare checks, months after the closing. */
export const AFTERCARE_MONTHS = [6, 12, 18] as const;
export type AftercareMonths = (typeof AFTERCARE_MONTHS)[number];
export const VIOLENCE_STOPPED = ['yes', 'no', 'unknown'] as const;
export type ViolenceStopped = (typeof VIOLENCE_STOPPED)[number];

/** What an aftercare check found: is the violence stopped, and how safe does the family feel (1..10, null: not asked). */
export interface AftercareOutcome {
  violenceStopped: ViolenceStopped;
  safetyExperienced: number | null;
}

export const FOLLOW_UP_STATUSES = ['planned', 'done', 'missed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** What a PATCH may set: a follow-up leaves `planned` once, and then stays as it is. */
export const FOLLOW_UP_ORIGINS = ['team', 'intake', 'conference'] as const;
export type FollowUpOrigin = (typeof FOLLOW_UP_ORIGINS)[number];

export const CLOSING_STATUSES = ['done', 'missed', 'cancelled'] as const;
export type ClosingStatus = (typeof CLOSING_STATUSES)[number];

/** Reminders from the moment itself up to four weeks before; a handful per follow-up. */
export const MAX_REMIND_BEFORE_MINUTES = 40320;
export const MAX_REMINDERS = 10;

export interface FollowUp {
  id: string;
  caseId: string;
  caseReference: string;
  kind: FollowUpKind;
  title: string | null;
  scheduledAt: Date;
  assigneeId: string;
  personIds: string[];
  remindBeforeMinutes: number[];
  status: FollowUpStatus;
  outcome: string | null;
  /** `intake` for the actions of an intake conclusion, `conference` for those of a conference record, `team` for the rest. */
  origin: FollowUpOrigin;
  /** Only for kind `aftercare`: which check, and its outcome once done. */
  aftercare: { months: AftercareMonths; outcome: AftercareOutcome | null } | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  version: number;
}

export interface NewFollowUp {
  kind: FollowUpKind;
  scheduledAt: Date;
  assigneeId: string;
  title?: string | null;
  personIds?: string[];
  remindBeforeMinutes?: number[];
}

export interface FollowUpChanges {
  version: number;
  /** Completing an aftercare check records its outcome (design.md §8). */
  aftercareOutcome?: AftercareOutcome;
  scheduledAt?: Date;
  status?: ClosingStatus;
  outcome?: string | null;
  assigneeId?: string;
  remindBeforeMinutes?: number[];
}

export interface AgendaFilter {
  from?: Date;
  to?: Date;
  status?: FollowUpStatus;
}
