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
  /** `reference` is a vetted case reference, or null when the event has none. */
  title: (reference: string | null) => string;
}

const payload = (field: string): RecipientRule => ({ from: 'payload', field });
const coordinators: RecipientRule = { from: 'coordinators' };
const team: RecipientRule = { from: 'team' };
const caseLead: RecipientRule = { from: 'case_lead' };
const of = (reference: string | null): string => reference ?? 'a case';

export const ROUTES: Readonly<Record<string, Route>> = {
  'team.member_added': { recipients: [payload('userId')], title: (r) => `Added to the team of ${of(r)}` },
  'intake.scheduled': { recipients: [payload('participantIds')], title: (r) => `Joint intake scheduled for ${of(r)}` },
  'intake.concluded': { recipients: [team], title: (r) => `Joint intake concluded for ${of(r)}` },
  'record.disclosed': {
    recipients: [{ from: 'team_other_disciplines', disciplineField: 'authorDiscipline' }],
    title: (r) => `A record summary was shared with the team of ${of(r)}`,
  },
  'handover.proposed': { recipients: [payload('toUserId')], title: (r) => `Warm transfer of ${of(r)} proposed to you` },
  'handover.briefed': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: (r) => `Handover meeting recorded for ${of(r)}`,
  },
  'handover.accepted': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: (r) => `Warm transfer of ${of(r)} accepted`,
  },
  'handover.declined': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: (r) => `Warm transfer of ${of(r)} declined`,
  },
  'handover.withdrawn': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    title: (r) => `Warm transfer of ${of(r)} withdrawn`,
  },
  'handover.response_due': { recipients: [payload('toUserId')], title: (r) => `Your response to the warm transfer of ${of(r)} is due` },
  'handover.overdue': { recipients: [payload('fromUserId'), coordinators], title: (r) => `Warm transfer of ${of(r)} is overdue` },
  'follow_up.reminder': { recipients: [payload('assigneeId')], title: (r) => `Follow-up coming up for ${of(r)}` },
  'follow_up.overdue': { recipients: [payload('assigneeId'), caseLead], title: (r) => `Follow-up overdue for ${of(r)}` },
  'emergency_access.granted': { recipients: [coordinators], title: (r) => `Emergency access granted to ${of(r)}` },
};

export function routeOf(type: string): Route | undefined {
  return Object.prototype.hasOwnProperty.call(ROUTES, type) ? ROUTES[type] : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_REFERENCE = /^MDC-\d{4}-\d{6}$/;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Only a well-formed reference reaches a title: anything else in that field is dropped, not shown. */
export function caseReferenceOf(payload: Record<string, unknown>): string | null {
  const value = payload.caseReference;
  return typeof value === 'string' && CASE_REFERENCE.test(value) ? value : null;
}

/** The user ids the payload rules name, well-formed ones only, without repeats. */
export function payloadRecipientIds(rules: RecipientRule[], payload: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (rule.from !== 'payload') continue;
    const value = payload[rule.field];
    for (const candidate of Array.isArray(value) ? value : [value]) {
      if (isUuid(candidate)) ids.add(candidate.toLowerCase());
    }
  }
  return [...ids];
}

/**
 * One INSERT that turns an event into its notifications: the recipients' union, filtered to active
 * users, and ON CONFLICT DO NOTHING on (event_id, recipient_id) so that a second run adds nothing.
 */
export function notificationInsert(
  rules: RecipientRule[],
  event: { id: string; type: string; caseId: string | null; payload: Record<string, unknown> },
  title: string,
  reference: string | null,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown, type: string): string => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const sources: string[] = [];
  const ids = payloadRecipientIds(rules, event.payload);
  if (ids.length > 0) sources.push(`SELECT unnest(${param(ids, 'uuid[]')})`);
  let caseParam: string | undefined;
  const caseId = (): string => (caseParam ??= param(event.caseId, 'uuid'));
  for (const rule of rules) {
    switch (rule.from) {
      case 'payload':
        break;
      case 'coordinators':
        sources.push(`SELECT id FROM users WHERE 'coordinator' = ANY (roles)`);
        break;
      case 'team':
        if (event.caseId) sources.push(`SELECT user_id FROM case_memberships WHERE case_id = ${caseId()} AND until IS NULL`);
        break;
      case 'case_lead':
        if (event.caseId)
          sources.push(`SELECT user_id FROM case_memberships WHERE case_id = ${caseId()} AND until IS NULL AND role = 'lead'`);
        break;
      case 'team_other_disciplines': {
        if (!event.caseId) break;
        const discipline = event.payload[rule.disciplineField];
        sources.push(
          `SELECT m.user_id FROM case_memberships m JOIN users mu ON mu.id = m.user_id
            WHERE m.case_id = ${caseId()} AND m.until IS NULL
              AND mu.discipline IS DISTINCT FROM ${param(typeof discipline === 'string' ? discipline : null, 'text')}`,
        );
        break;
      }
    }
  }
  if (sources.length === 0) return { sql: '', params: [] };
  const sql = `
    INSERT INTO notifications (event_id, recipient_id, kind, case_id, case_reference, title)
    SELECT ${param(event.id, 'uuid')}, u.id, ${param(event.type, 'text')}, ${param(event.caseId, 'uuid')}, ${param(reference, 'text')}, ${param(title, 'text')}
      FROM users u
     WHERE u.active AND u.id IN (${sources.join(' UNION ')})
    ON CONFLICT (event_id, recipient_id) DO NOTHING`;
  return { sql, params };
}
