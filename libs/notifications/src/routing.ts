/**
 * Who hears of what (design.md §5), as a table keyed by event type so that each later context adds
 * its rows here. A route names its recipients by rule and makes the title from the case reference
 * only: a notification never carries personal details, whatever else an event's payload holds.
 */
export type RecipientRule =
  /** A user id (or an array of them) in the payload. */
  | { from: 'payload'; field: string }
  /** Every active user with the coordinator role. */
  | { from: 'coordinators' }
  /** The case's current team (case_memberships with no `until`). */
  | { from: 'team' }
  /** The case's current lead. */
  | { from: 'case_lead' }
  /** The current team members whose discipline differs from the one named in the payload. */
  | { from: 'team_other_disciplines'; disciplineField: string }
  /**
   * A user that the event's subject (Route.subject) names as it is now, not as the payload says:
   * a follow-up's current assignee, a handover's parties. With `currentMember`, only while they are
   * on the case's team. An event whose payload names no subject at all falls back to `payloadField`.
   */
  | { from: 'subject'; column: SubjectColumn; currentMember?: boolean; payloadField: string };

/**
 * What a timer-born event is about. Such an event may reach the processor long after it was fired
 * (Redis or the worker was down, or a cancel waited behind the fire's row lock), so the subject is
 * read again, row-locked, when the event is processed: an event whose subject no longer holds is
 * processed with no notifications at all (design.md §2: no reminder for a time that no longer holds).
 * - `follow_up` (payload.followUpId): still planned, for the payload's scheduledAt.
 * - `handover` (payload.handoverId): still open (proposed or briefed), with the payload's respondBy.
 * - `clock` (payload.clock, design.md §8): the case's clock (clock, personId, handoverId) still runs
 *   and is still due at the payload's dueAt, as case_clocks() derives it now.
 */
export type SubjectKind = 'follow_up' | 'handover' | 'clock';
export type SubjectColumn = 'assignee_id' | 'from_user_id' | 'to_user_id';

export interface Route {
  recipients: RecipientRule[];
  /** `{case}` becomes the vetted case reference, or "a case" when the event has none. */
  title: string;
  /** Every recipient, of whatever rule, hears of the event only while this subject holds. */
  subject?: SubjectKind;
}

const payload = (field: string): RecipientRule => ({ from: 'payload', field });
const coordinators: RecipientRule = { from: 'coordinators' };
const team: RecipientRule = { from: 'team' };
const caseLead: RecipientRule = { from: 'case_lead' };
/** The follow-up's assignee now (it passes on when a membership ends), while on the team. */
const followUpAssignee: RecipientRule = { from: 'subject', column: 'assignee_id', currentMember: true, payloadField: 'assigneeId' };
const handoverReceiver: RecipientRule = { from: 'subject', column: 'to_user_id', payloadField: 'toUserId' };
const handoverSender: RecipientRule = { from: 'subject', column: 'from_user_id', payloadField: 'fromUserId' };

export const ROUTES: Readonly<Record<string, Route>> = {
  'team.member_added': { recipients: [payload('userId')], title: 'Added to the team of {case}' },
  'intake.scheduled': { recipients: [payload('participantIds')], title: 'Joint intake scheduled for {case}' },
  'intake.concluded': { recipients: [team], title: 'Joint intake concluded for {case}' },
  'record.disclosed': {
    recipients: [{ from: 'team_other_disciplines', disciplineField: 'authorDiscipline' }],
    title: 'A record summary was shared with the team of {case}',
  },
  'handover.proposed': { recipients: [payload('toUserId')], title: 'Warm transfer of {case} proposed to you' },
  'handover.briefed': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: 'Handover meeting recorded for {case}',
  },
  'handover.accepted': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: 'Warm transfer of {case} accepted',
  },
  'handover.declined': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: 'Warm transfer of {case} declined',
  },
  'handover.withdrawn': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: 'Warm transfer of {case} withdrawn',
  },
  'handover.response_due': {
    subject: 'handover',
    recipients: [handoverReceiver],
    title: 'Your response to the warm transfer of {case} is due',
  },
  'handover.overdue': { subject: 'handover', recipients: [handoverSender, coordinators], title: 'Warm transfer of {case} is overdue' },
  'follow_up.reminder': { subject: 'follow_up', recipients: [followUpAssignee], title: 'Follow-up coming up for {case}' },
  'follow_up.overdue': { subject: 'follow_up', recipients: [followUpAssignee, caseLead], title: 'Follow-up overdue for {case}' },
  'clock.breached': { subject: 'clock', recipients: [caseLead, coordinators], title: 'A clock of {case} passed its target' },
  'emergency_access.granted': { recipients: [coordinators], title: 'Emergency access granted to {case}' },
};

export function routeOf(type: string): Route | undefined {
  return Object.prototype.hasOwnProperty.call(ROUTES, type) ? ROUTES[type] : undefined;
}

const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const UUID = new RegExp(UUID_PATTERN, 'i');
const CASE_REFERENCE_PATTERN = '^MDC-[0-9]{4}-[0-9]{6}$';

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Only a well-formed reference reaches a title: anything else in that field is dropped, not shown. */
export function caseReferenceOf(payload: Record<string, unknown>): string | null {
  const value = payload.caseReference;
  return typeof value === 'string' && new RegExp(CASE_REFERENCE_PATTERN).test(value) ? value : null;
}

export function titleOf(route: Route, reference: string | null): string {
  return route.title.replace('{case}', reference ?? 'a case');
}

/**
 * A timestamp as JavaScript's toISOString writes it (how every payload carries times), so that a
 * payload time is compared as text and a malformed one cannot make the statement fail.
 */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** How a subject's current row is found and what "still holds" means; see SubjectKind. */
const SUBJECTS: Readonly<Record<SubjectKind, { field: string; holds: string }>> = {
  follow_up: {
    field: 'followUpId',
    holds: `
      SELECT f.case_id, f.assignee_id, NULL::uuid AS from_user_id, NULL::uuid AS to_user_id
        FROM follow_ups f, ev
       WHERE f.id = ev.subject_key AND f.case_id = ev.case_key AND f.status = 'planned'
         AND ${isoText('f.scheduled_at')} = ev.payload ->> 'scheduledAt'
       FOR SHARE OF f`,
  },
  handover: {
    field: 'handoverId',
    holds: `
      SELECT h.case_id, NULL::uuid AS assignee_id, h.from_user_id, h.to_user_id
        FROM handovers h, ev
       WHERE h.id = ev.subject_key AND h.case_id = ev.case_key AND h.status IN ('proposed','briefed')
         AND ${isoText('h.respond_by')} = ev.payload ->> 'respondBy'
       FOR SHARE OF h`,
  },
  clock: {
    field: 'clock',
    holds: `
      SELECT c.id AS case_id, NULL::uuid AS assignee_id, NULL::uuid AS from_user_id, NULL::uuid AS to_user_id
        FROM cases c, ev
       WHERE c.id = ev.case_key
         AND EXISTS (SELECT 1 FROM case_clocks(c.id) k
                      WHERE k.clock = ev.payload ->> 'clock' AND k.stopped_at IS NULL
                        AND k.person_id::text IS NOT DISTINCT FROM ev.payload ->> 'personId'
                        AND k.handover_id::text IS NOT DISTINCT FROM ev.payload ->> 'handoverId'
                        AND ${isoText('k.due_at')} = ev.payload ->> 'dueAt')
       FOR SHARE OF c`,
  },
};

/**
 * One statement that does an event's whole work in a single round trip: lock the event row (if it
 * is of this type and neither processed nor dead), insert its notifications (the recipients' union,
 * active users only, ON CONFLICT DO NOTHING on (event_id, recipient_id)) and mark it processed.
 * Payload ids and the case reference are read and vetted in SQL, so nothing else of the payload is
 * ever copied. A route with a subject also locks the subject's row (FOR SHARE, so that a concurrent
 * cancel or acceptance is either wholly before or wholly after) and notifies no one unless the
 * subject still holds; the event is marked processed all the same. Returns claimed = 0 when there
 * was nothing to do.
 */
export function processStatement(route: Route, eventId: string, type: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const idParam = param(eventId, 'uuid');
  const typeParam = param(type, 'text');
  const uuidRe = param(UUID_PATTERN, 'text');
  const payloadIds = (field: string, condition = 'true') => {
    const name = param(field, 'text');
    return `SELECT v::uuid FROM ev, jsonb_array_elements_text(CASE jsonb_typeof(ev.payload -> ${name})
              WHEN 'array' THEN ev.payload -> ${name} WHEN 'string' THEN jsonb_build_array(ev.payload -> ${name}) ELSE '[]'::jsonb END) AS v
            WHERE v ~* ${uuidRe} AND ${condition}`;
  };
  const subject = route.subject === undefined ? undefined : SUBJECTS[route.subject];
  const sources: string[] = [];
  for (const rule of route.recipients) {
    switch (rule.from) {
      case 'payload':
        sources.push(payloadIds(rule.field));
        break;
      case 'coordinators':
        sources.push(`SELECT id FROM users WHERE 'coordinator' = ANY (roles)`);
        break;
      case 'team':
        sources.push(`SELECT m.user_id FROM case_memberships m, ev WHERE m.case_id = ev.case_key AND m.until IS NULL`);
        break;
      case 'case_lead':
        sources.push(`SELECT m.user_id FROM case_memberships m, ev WHERE m.case_id = ev.case_key AND m.until IS NULL AND m.role = 'lead'`);
        break;
      case 'team_other_disciplines':
        sources.push(
          `SELECT m.user_id FROM case_memberships m JOIN users mu ON mu.id = m.user_id, ev
            WHERE m.case_id = ev.case_key AND m.until IS NULL AND mu.discipline IS DISTINCT FROM ev.payload ->> ${param(rule.disciplineField, 'text')}`,
        );
        break;
      case 'subject': {
        if (!subject) throw new Error(`a route of ${type} names a subject's ${rule.column} but has no subject`);
        const member = rule.currentMember
          ? ` WHERE EXISTS (SELECT 1 FROM case_memberships m WHERE m.case_id = s.case_id AND m.user_id = s.${rule.column} AND m.until IS NULL)`
          : '';
        sources.push(`SELECT s.${rule.column} FROM subject s${member}`);
        // Only an event that names no subject at all: every producer of these types names one.
        sources.push(payloadIds(rule.payloadField, 'NOT ev.subject_named'));
        break;
      }
    }
  }
  const recipients = sources.length > 0 ? sources.join(' UNION ') : 'SELECT NULL::uuid WHERE false';
  const subjectField = subject ? param(subject.field, 'text') : null;
  const subjectColumns = subjectField
    ? `, payload -> ${subjectField} IS NOT NULL AS subject_named,
             CASE WHEN payload ->> ${subjectField} ~* ${uuidRe} THEN (payload ->> ${subjectField})::uuid END AS subject_key`
    : '';
  const sql = `
    WITH ev AS (
      SELECT id, payload,
             COALESCE(case_id, CASE WHEN payload ->> 'caseId' ~* ${uuidRe} THEN (payload ->> 'caseId')::uuid END) AS case_key,
             CASE WHEN payload ->> 'caseReference' ~ ${param(CASE_REFERENCE_PATTERN, 'text')} THEN payload ->> 'caseReference' END AS reference
             ${subjectColumns}
        FROM outbox_events
       WHERE id = ${idParam} AND type = ${typeParam} AND processed_at IS NULL AND dead_at IS NULL
       FOR UPDATE
    )${subject ? `, subject AS (${subject.holds}\n    )` : ''}, inserted AS (
      INSERT INTO notifications (event_id, recipient_id, kind, case_id, case_reference, title)
      SELECT ev.id, u.id, ${typeParam}, ev.case_key, ev.reference, replace(${param(route.title, 'text')}, '{case}', COALESCE(ev.reference, 'a case'))
        FROM ev JOIN users u ON u.active AND u.id IN (${recipients})
       ${subject ? 'WHERE (NOT ev.subject_named OR EXISTS (SELECT 1 FROM subject))' : ''}
      ON CONFLICT (event_id, recipient_id) DO NOTHING
      RETURNING 1
    ), marked AS (
      UPDATE outbox_events o SET processed_at = now() FROM ev WHERE o.id = ev.id RETURNING 1
    )
    SELECT (SELECT count(*) FROM marked)::int AS claimed, (SELECT count(*) FROM inserted)::int AS notified`;
  return { sql, params };
}
