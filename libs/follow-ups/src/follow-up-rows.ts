import { decodeCursor } from '@oneroof/platform';
import { FollowUpError } from './follow-up-errors';
import type { AftercareMonths, AftercareOutcome, FollowUp, FollowUpKind, FollowUpOrigin, FollowUpStatus } from './follow-up-model';

/** A follow-up's row and its one mapping to the model (never an entity to a client). */
export const FOLLOW_UP_COLUMNS = `f.id, f.case_id, c.reference AS case_reference, f.kind, f.title, f.scheduled_at, f.assignee_id, f.person_ids,
  f.remind_before_minutes, f.status, f.outcome, f.origin, f.aftercare_months, f.aftercare_outcome, f.created_by, f.created_at, f.updated_at, f.closed_at, f.version`;

export interface FollowUpRow {
  id: string;
  case_id: string;
  case_reference: string;
  kind: FollowUpKind;
  title: string | null;
  scheduled_at: Date;
  assignee_id: string;
  person_ids: string[];
  remind_before_minutes: number[];
  status: FollowUpStatus;
  outcome: string | null;
  origin: FollowUpOrigin;
  aftercare_months: AftercareMonths | null;
  aftercare_outcome: AftercareOutcome | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: number;
}

export const toFollowUp = (row: FollowUpRow): FollowUp => ({
  id: row.id,
  caseId: row.case_id,
  caseReference: row.case_reference,
  kind: row.kind,
  title: row.title,
  scheduledAt: row.scheduled_at,
  assigneeId: row.assignee_id,
  personIds: row.person_ids,
  remindBeforeMinutes: row.remind_before_minutes,
  status: row.status,
  outcome: row.outcome,
  origin: row.origin,
  aftercare: row.aftercare_months ? { months: row.aftercare_months, outcome: row.aftercare_outcome } : null,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
  version: row.version,
});

/** The same answer for an id never issued and for a follow-up of a case the caller may not see. */
export const followUpNotFound = () => new FollowUpError('not_found', 'FOLLOW_UP_NOT_FOUND', 'The follow-up does not exist.');

export const normaliseMinutes = (minutes: number[] | undefined) => [...new Set(minutes ?? [])].sort((a, b) => a - b);

/** Two lists of follow-ups, a case's and a user's agenda, each with cursors of its own. */
export const CASE_LIST = 'case-follow-ups';
export const AGENDA_LIST = 'agenda';
export const decodeListCursor = (cursor: string | undefined, list: typeof CASE_LIST | typeof AGENDA_LIST) =>
  decodeCursor(cursor, list, { at: 'time', id: 'uuid' }) ?? null;
export const cursorOf = (r: FollowUpRow) => ({ at: r.scheduled_at.toISOString(), id: r.id });
