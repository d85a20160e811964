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
  | { from: 'team_other_disciplines'; disciplineField: string };

export interface Route {
  recipients: RecipientRule[];
  /** `{case}` becomes the vetted case reference, or "a case" when the event has none. */
  title: string;
}

const payload = (field: string): RecipientRule => ({ from: 'payload', field });
const coordinators: RecipientRule = { from: 'coordinators' };
const team: RecipientRule = { from: 'team' };
const caseLead: RecipientRule = { from: 'case_lead' };

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
  'handover.response_due': { recipients: [payload('toUserId')], title: 'Your response to the warm transfer of {case} is due' },
  'handover.overdue': { recipients: [payload('fromUserId'), coordinators], title: 'Warm transfer of {case} is overdue' },
  'follow_up.reminder': { recipients: [payload('assigneeId')], title: 'Follow-up coming up for {case}' },
  'follow_up.overdue': { recipients: [payload('assigneeId'), caseLead], title: 'Follow-up overdue for {case}' },
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
 * One statement that does an event's whole work in a single round trip: lock the event row (if it
 * is of this type and neither processed nor dead), insert its notifications (the recipients' union,
 * active users only, ON CONFLICT DO NOTHING on (event_id, recipient_id)) and mark it processed.
 * Payload ids and the case reference are read and vetted in SQL, so nothing else of the payload is
 * ever copied. Returns claimed = 0 when there was nothing to do.
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
  const sources: string[] = [];
  for (const rule of route.recipients) {
    switch (rule.from) {
      case 'payload': {
        const field = param(rule.field, 'text');
        sources.push(
          `SELECT v::uuid FROM ev, jsonb_array_elements_text(CASE jsonb_typeof(ev.payload -> ${field})
              WHEN 'array' THEN ev.payload -> ${field} WHEN 'string' THEN jsonb_build_array(ev.payload -> ${field}) ELSE '[]'::jsonb END) AS v
            WHERE v ~* ${uuidRe}`,
        );
        break;
      }
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
    }
  }
  const recipients = sources.length > 0 ? sources.join(' UNION ') : 'SELECT NULL::uuid WHERE false';
  const sql = `
    WITH ev AS (
      SELECT id, payload,
             COALESCE(case_id, CASE WHEN payload ->> 'caseId' ~* ${uuidRe} THEN (payload ->> 'caseId')::uuid END) AS case_key,
             CASE WHEN payload ->> 'caseReference' ~ ${param(CASE_REFERENCE_PATTERN, 'text')} THEN payload ->> 'caseReference' END AS reference
        FROM outbox_events
       WHERE id = ${idParam} AND type = ${typeParam} AND processed_at IS NULL AND dead_at IS NULL
       FOR UPDATE
    ), inserted AS (
      INSERT INTO notifications (event_id, recipient_id, kind, case_id, case_reference, title)
      SELECT ev.id, u.id, ${typeParam}, ev.case_key, ev.reference, replace(${param(route.title, 'text')}, '{case}', COALESCE(ev.reference, 'a case'))
        FROM ev JOIN users u ON u.active AND u.id IN (${recipients})
      ON CONFLICT (event_id, recipient_id) DO NOTHING
      RETURNING 1
    ), marked AS (
      UPDATE outbox_events o SET processed_at = now() FROM ev WHERE o.id = ev.id RETURNING 1
    )
    SELECT (SELECT count(*) FROM marked)::int AS claimed, (SELECT count(*) FROM inserted)::int AS notified`;
  return { sql, params };
}
