import type {
  ChildView,
  Conference,
  ConferenceAction,
  ConferenceDecision,
  ConferenceKind,
  ConferenceStatus,
  FamilyParticipation,
} from './conference-model';

/** The columns of a conference with its case reference and addenda; `cf` is case_conferences, `c` its case. */
export const CONFERENCE_COLUMNS = `cf.id, cf.case_id, c.reference AS case_reference, cf.kind, cf.scheduled_at, cf.chair_id, cf.participant_ids,
  cf.status, cf.held_at, cf.family_participation, cf.child_view, cf.minutes, cf.decisions, cf.actions, cf.next_review_at,
  cf.cancelled_at, cf.cancel_reason, cf.recorded_by, cf.created_by, cf.created_at, cf.version,
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', ad.id, 'authorId', ad.author_id, 'text', ad.text, 'createdAt', ad.created_at)
          ORDER BY ad.seq), '[]'::jsonb) FROM conference_addenda ad WHERE ad.conference_id = cf.id) AS addenda`;

interface StoredAction {
  title: string;
  assigneeId: string;
  dueAt: string;
  followUpId: string;
}

export interface ConferenceRow {
  id: string;
  case_id: string;
  case_reference: string;
  kind: ConferenceKind;
  scheduled_at: Date;
  chair_id: string;
  participant_ids: string[];
  status: ConferenceStatus;
  held_at: Date | null;
  family_participation: { mode: FamilyParticipation['mode']; reason: string | null } | null;
  child_view: { mode: ChildView['mode']; summary: string | null; reason: string | null } | null;
  minutes: string | null;
  decisions: ConferenceDecision[];
  actions: StoredAction[];
  next_review_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  recorded_by: string | null;
  created_by: string;
  created_at: Date;
  version: number;
  addenda: { id: string; authorId: string; text: string; createdAt: string }[];
}

export const storedAction = (a: ConferenceAction): StoredAction => ({
  title: a.title,
  assigneeId: a.assigneeId,
  dueAt: a.dueAt.toISOString(),
  followUpId: a.followUpId,
});

/**
 * The one mapper from row to conference. `restricted` (a reader under coordinator oversight, design.md
 * §7: "the minutes are team content") leaves out what was said: minutes, decisions, the reasons, the
 * child's view summary and the addenda texts. Who, when, the modes, the actions (follow-ups, which
 * oversight sees anyway) and the next review stay.
 */
export function toConference(row: ConferenceRow, restricted: boolean): Conference {
  return {
    id: row.id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    kind: row.kind,
    scheduledAt: row.scheduled_at,
    chairId: row.chair_id,
    participantIds: row.participant_ids,
    status: row.status,
    heldAt: row.held_at,
    familyParticipation: row.family_participation
      ? { mode: row.family_participation.mode, reason: restricted ? null : (row.family_participation.reason ?? null) }
      : null,
    childView: row.child_view
      ? {
          mode: row.child_view.mode,
          summary: restricted ? null : (row.child_view.summary ?? null),
          reason: restricted ? null : (row.child_view.reason ?? null),
        }
      : null,
    minutes: restricted ? null : row.minutes,
    decisions: restricted ? [] : row.decisions,
    actions: row.actions.map((a) => ({ title: a.title, assigneeId: a.assigneeId, dueAt: new Date(a.dueAt), followUpId: a.followUpId })),
    nextReviewAt: row.next_review_at,
    addenda: row.addenda.map((a) => ({
      id: a.id,
      authorId: a.authorId,
      text: restricted ? null : a.text,
      createdAt: new Date(a.createdAt),
    })),
    cancelledAt: row.cancelled_at,
    cancelReason: restricted ? null : row.cancel_reason,
    recordedBy: row.recorded_by,
    createdBy: row.created_by,
    createdAt: row.created_at,
    version: row.version,
    contentRestricted: restricted,
  };
}
