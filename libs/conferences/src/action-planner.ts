import type { Tx } from '@oneroof/platform';

/** One action of a conference record, to become a follow-up in the record's own transaction. */
export interface ConferencePlannedAction {
  caseId: string;
  caseReference: string;
  createdBy: string;
  title: string;
  assigneeId: string;
  scheduledAt: Date;
  kind: 'other';
  remindBeforeMinutes: number[];
  origin: 'conference';
  /** Where a refusal points in the request body, e.g. `actions[2].assigneeId`. */
  field: string;
}

/**
 * The port through which a conference record turns its actions into follow-ups (design.md §7, "as
 * the actions of an intake conclusion do"): the same path as the intake's FollowUpPlanner, bound by
 * the app to the follow-ups context (ConferencesModule.register). It must work inside the given
 * transaction, refuse an assignee who is not on the team with a 422 naming `field`, and return the
 * new follow-ups' ids in order.
 */
export abstract class ConferenceActionPlanner {
  abstract planActions(tx: Tx, actions: ConferencePlannedAction[]): Promise<string[]>;
}
