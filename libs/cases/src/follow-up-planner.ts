import type { Tx } from '@oneroof/platform';

/** One action of an intake conclusion or a conference record, to become a follow-up in that record's own transaction. */
export interface PlannedAction {
  caseId: string;
  caseReference: string;
  createdBy: string;
  title: string;
  assigneeId: string;
  scheduledAt: Date;
  kind: 'home_visit' | 'phone_call' | 'meeting' | 'case_conference' | 'other';
  remindBeforeMinutes: number[];
  /** Which record planned it; `intake` unless said otherwise. */
  origin?: 'intake' | 'conference';
  /** Where a refusal points in the request body, e.g. `actions[2].assigneeId`. */
  field: string;
}

/**
 * The one port through which a record's actions become follow-ups on the case (design.md §2 for an
 * intake's conclusion, §7 for a conference's record "as the actions of an intake conclusion do").
 * Intake and conferences are siblings of follow-ups that may not import it (architecture.md
 * "Direction"), so the port lives below all three, in the case file, and the app binds it to the
 * follow-ups context (IntakeModule.register, ConferencesModule.register). It must work inside the
 * given transaction, refuse an assignee who is not on the team with a 422 naming `field`, and return
 * the new follow-ups' ids in order.
 */
export abstract class FollowUpPlanner {
  abstract planActions(tx: Tx, actions: PlannedAction[]): Promise<string[]>;
}
