import type { Tx } from '@oneroof/platform';

/** One action of a conclusion, to become a follow-up in the conclusion's own transaction. */
export interface PlannedAction {
  caseId: string;
  caseReference: string;
  createdBy: string;
  title: string;
  assigneeId: string;
  scheduledAt: Date;
  kind: 'home_visit' | 'phone_call' | 'meeting' | 'case_conference' | 'other';
  remindBeforeMinutes: number[];
  /** Where a refusal points in the request body, e.g. `actions[2].assigneeId`. */
  field: string;
}

/**
 * The port through which a conclusion turns its actions into follow-ups (design.md §2). Intake and
 * follow-ups are sibling contexts that may not import each other (architecture.md "Direction"), so
 * the app binds this to the follow-ups context's implementation (IntakeModule.register).
 * It must work inside the given transaction, refuse an assignee who is not on the team with a 422
 * naming `field`, and return the new follow-ups' ids in order.
 */
export abstract class FollowUpPlanner {
  abstract planActions(tx: Tx, actions: PlannedAction[]): Promise<string[]>;
}
