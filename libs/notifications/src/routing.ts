import { currentMembershipSql, openHandoverSql } from '@oneroof/access';

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
 * - `safety_plan_agreement` (payload.agreementId): of the current plan of an open case, not ended, still due at the
 *   payload's nextCheckAt (a check since moved it; a new version ended it). Its responsible user is
 *   given as `assignee_id`: the one who is to act on it.
 * - `clock` (payload.clock, design.md §8): the case's clock (clock, personId, handoverId) still runs
 *   and is still due at the payload's dueAt, as case_clocks() derives it now.
 */
export type SubjectKind = 'follow_up' | 'handover' | 'safety_plan_agreement' | 'clock';
export type SubjectColumn = 'assignee_id' | 'from_user_id' | 'to_user_id';

/**
 * What a notification is about, so that a click opens it (issue 9): a kind a client knows how to
 * open and an id from the event's payload, vetted as a UUID in SQL (a malformed one leaves both
 * null). `case` is the event's case itself. Ids only: never a name or anything else of the payload.
 */
export const NOTIFICATION_SUBJECT_TYPES = [
  'case',
  'follow_up',
  'handover',
  'emergency_access',
  'interview',
  'examination',
  'conference',
  'unusual_access_flag',
] as const;
export type NotificationSubjectType = (typeof NOTIFICATION_SUBJECT_TYPES)[number];

export type AboutRule =
  /** The event's case (its case_id, or payload.caseId). */
  | { type: 'case' }
  /** A subject of one kind whose id is the payload's `field`. */
  | { type: Exclude<NotificationSubjectType, 'case'>; field: string }
  /** A subject whose kind is the payload's `typeField`, when it is one of `types`, and whose id is `field`. */
  | { typeField: string; types: readonly Exclude<NotificationSubjectType, 'case'>[]; field: string };

export interface Route {
  recipients: RecipientRule[];
  /** What the notification is about; every route names one. */
  about: AboutRule;
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
/** An agreement's responsible user, while on the team. */
const agreementResponsible: RecipientRule = {
  from: 'subject',
  column: 'assignee_id',
  currentMember: true,
  payloadField: 'responsibleUserId',
};

const aboutCase: AboutRule = { type: 'case' };
const aboutHandover: AboutRule = { type: 'handover', field: 'handoverId' };
const aboutFollowUp: AboutRule = { type: 'follow_up', field: 'followUpId' };
const aboutConference: AboutRule = { type: 'conference', field: 'conferenceId' };

export const ROUTES: Readonly<Record<string, Route>> = {
  'team.member_added': { recipients: [payload('userId')], about: aboutCase, title: 'Added to the team of {case}' },
  'intake.scheduled': { recipients: [payload('participantIds')], about: aboutCase, title: 'Joint intake scheduled for {case}' },
  'intake.concluded': { recipients: [team], about: aboutCase, title: 'Joint intake concluded for {case}' },
  'record.disclosed': {
    recipients: [{ from: 'team_other_disciplines', disciplineField: 'authorDiscipline' }],
    about: { typeField: 'recordType', types: ['interview', 'examination'], field: 'recordId' },
    title: 'A record summary was shared with the team of {case}',
  },
  'handover.proposed': { recipients: [payload('toUserId')], about: aboutHandover, title: 'Warm transfer of {case} proposed to you' },
  'handover.briefed': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    about: aboutHandover,
    title: 'Handover meeting recorded for {case}',
  },
  'handover.accepted': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    about: aboutHandover,
    title: 'Warm transfer of {case} accepted',
  },
  'handover.declined': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    about: aboutHandover,
    title: 'Warm transfer of {case} declined',
  },
  'handover.withdrawn': {
    recipients: [payload('fromUserId'), payload('toUserId'), caseLead],
    about: aboutHandover,
    title: 'Warm transfer of {case} withdrawn',
  },
  'handover.response_due': {
    subject: 'handover',
    recipients: [handoverReceiver],
    about: aboutHandover,
    title: 'Your response to the warm transfer of {case} is due',
  },
  'handover.overdue': {
    subject: 'handover',
    recipients: [handoverSender, coordinators],
    about: aboutHandover,
    title: 'Warm transfer of {case} is overdue',
  },
  'follow_up.reminder': {
    subject: 'follow_up',
    recipients: [followUpAssignee],
    about: aboutFollowUp,
    title: 'Follow-up coming up for {case}',
  },
  'follow_up.overdue': {
    subject: 'follow_up',
    recipients: [followUpAssignee, caseLead],
    about: aboutFollowUp,
    title: 'Follow-up overdue for {case}',
  },
  // design.md §8: a clock is the case's; a click opens the case (its clocks).
  'clock.breached': {
    subject: 'clock',
    recipients: [caseLead, coordinators],
    about: aboutCase,
    title: 'A clock of {case} passed its target',
  },
  // design.md §8: to the coordinators only, naming the new case; the earlier reference is in the case's links for them.
  'case.possible_rereport': {
    recipients: [coordinators],
    about: aboutCase,
    title: 'Possible re-report: {case} matches a case closed in the last 12 months',
  },
  'emergency_access.granted': {
    recipients: [coordinators],
    about: { type: 'emergency_access', field: 'grantId' },
    title: 'Emergency access granted to {case}',
  },
  // design.md §9: a flag names no case and no person in its notification, only that one is to review.
  'audit.unusual_access': {
    recipients: [coordinators],
    about: { type: 'unusual_access_flag', field: 'flagId' },
    title: 'Unusual access flagged for review',
  },
  // design.md §7
  'conference.scheduled': {
    recipients: [payload('participantIds')],
    about: aboutConference,
    title: 'Case conference scheduled for {case}',
  },
  'conference.cancelled': {
    recipients: [payload('participantIds')],
    about: aboutConference,
    title: 'Case conference cancelled for {case}',
  },
  'conference.held': { recipients: [team], about: aboutConference, title: 'Case conference held for {case}' },
  // The safety plan is the case's own page: a click opens the case (its plan tab).
  'safety_plan.check_due': {
    subject: 'safety_plan_agreement',
    recipients: [agreementResponsible],
    about: aboutCase,
    title: 'A safety plan agreement of {case} is due for a check',
  },
  'safety_plan.agreement_broken': {
    recipients: [caseLead, team],
    about: aboutCase,
    title: 'A safety plan agreement of {case} was broken',
  },
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
      SELECT ev.id AS event_id, f.case_id, f.assignee_id, NULL::uuid AS from_user_id, NULL::uuid AS to_user_id
        FROM follow_ups f, ev
       WHERE f.id = ev.subject_key AND f.case_id = ev.case_key AND f.status = 'planned'
         AND ${isoText('f.scheduled_at')} = ev.payload ->> 'scheduledAt'
       FOR SHARE OF f`,
  },
  handover: {
    field: 'handoverId',
    holds: `
      SELECT ev.id AS event_id, h.case_id, NULL::uuid AS assignee_id, h.from_user_id, h.to_user_id
        FROM handovers h, ev
       WHERE h.id = ev.subject_key AND h.case_id = ev.case_key AND ${openHandoverSql('h')}
         AND ${isoText('h.respond_by')} = ev.payload ->> 'respondBy'
       FOR SHARE OF h`,
  },
  safety_plan_agreement: {
    field: 'agreementId',
    holds: `
      SELECT ev.id AS event_id, a.case_id, a.responsible_user_id AS assignee_id, NULL::uuid AS from_user_id, NULL::uuid AS to_user_id
        FROM safety_plan_agreements a JOIN safety_plans sp ON sp.id = a.plan_id, ev
       WHERE a.id = ev.subject_key AND a.case_id = ev.case_key AND a.status <> 'ended' AND sp.status = 'current'
         -- a closed case checks no agreement any more: its pending check_due tells no one
         AND EXISTS (SELECT 1 FROM cases c WHERE c.id = a.case_id AND c.status <> 'closed')
         AND ${isoText('a.next_check_at')} = ev.payload ->> 'nextCheckAt'
       FOR SHARE OF a`,
  },
  clock: {
    field: 'clock',
    holds: `
      SELECT ev.id AS event_id, c.id AS case_id, NULL::uuid AS assignee_id, NULL::uuid AS from_user_id, NULL::uuid AS to_user_id
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
 * One statement that does the whole work of a set of events of one type in a single round trip
 * (issue 11: one statement per event bound a worker to a few hundred events a second): lock the
 * event rows (those of this type and neither processed nor dead, in id order so that two workers'
 * overlapping sets cannot deadlock), insert their notifications (each event's recipients' union,
 * active users only, one multi-row INSERT … ON CONFLICT DO NOTHING on (event_id, recipient_id)) and
 * mark them processed. Payload ids and the case reference are read and vetted in SQL, so nothing
 * else of a payload is ever copied. A route with a subject also locks each subject's row (FOR SHARE,
 * so that a concurrent cancel or acceptance is either wholly before or wholly after) and notifies no
 * one of an event whose subject no longer holds; the event is marked processed all the same.
 * The text depends on the route only, never on the ids or their number: it is prepared once per
 * connection. Returns one row per event it claimed, with how many notifications it inserted; an
 * event it did not claim (gone, processed, dead, of another type) has no row.
 */
export function processStatement(route: Route, eventIds: readonly string[], type: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const idsParam = param(eventIds, 'uuid[]');
  const typeParam = param(type, 'text');
  const uuidRe = param(UUID_PATTERN, 'text');
  // Each source names the recipients of one event, the `ev` row at hand (a LATERAL join): no source
  // is joined back to the whole set, so a batch costs in proportion to its events, whatever plan a
  // table without fresh statistics gets (autovacuum is off on these machines, stack-notes).
  const payloadIds = (field: string, condition = 'true') => {
    const name = param(field, 'text');
    return `SELECT v::uuid FROM jsonb_array_elements_text(CASE jsonb_typeof(ev.payload -> ${name})
              WHEN 'array' THEN ev.payload -> ${name} WHEN 'string' THEN jsonb_build_array(ev.payload -> ${name}) ELSE '[]'::jsonb END) AS v
            WHERE v ~* ${uuidRe} AND ${condition}`;
  };
  const subject = route.subject === undefined ? undefined : SUBJECTS[route.subject];
  const sources: string[] = [];
  let needsCoordinators = false;
  for (const rule of route.recipients) {
    switch (rule.from) {
      case 'payload':
        sources.push(payloadIds(rule.field));
        break;
      case 'coordinators':
        // Read once for the batch, not once per event.
        needsCoordinators = true;
        sources.push(`SELECT id FROM coordinators`);
        break;
      case 'team':
        sources.push(`SELECT m.user_id FROM case_memberships m WHERE m.case_id = ev.case_key AND ${currentMembershipSql('m')}`);
        break;
      case 'case_lead':
        sources.push(
          `SELECT m.user_id FROM case_memberships m WHERE m.case_id = ev.case_key AND ${currentMembershipSql('m')} AND m.role = 'lead'`,
        );
        break;
      case 'team_other_disciplines':
        sources.push(
          `SELECT m.user_id FROM case_memberships m JOIN users mu ON mu.id = m.user_id
            WHERE m.case_id = ev.case_key AND ${currentMembershipSql('m')} AND mu.discipline IS DISTINCT FROM ev.payload ->> ${param(rule.disciplineField, 'text')}`,
        );
        break;
      case 'subject': {
        if (!subject) throw new Error(`a route of ${type} names a subject's ${rule.column} but has no subject`);
        const member = rule.currentMember
          ? ` AND EXISTS (SELECT 1 FROM case_memberships m WHERE m.case_id = s.case_id AND m.user_id = s.${rule.column} AND ${currentMembershipSql('m')})`
          : '';
        sources.push(`SELECT s.${rule.column} FROM subject s WHERE s.event_id = ev.id${member}`);
        // Only an event that names no subject at all: every producer of these types names one.
        sources.push(payloadIds(rule.payloadField, 'NOT ev.subject_named'));
        break;
      }
    }
  }
  // UNION: a user named twice (by two rules, or twice in one list) is one recipient.
  const recipients = sources.length > 0 ? sources.join('\n          UNION ') : 'SELECT NULL::uuid WHERE false';
  const about = aboutColumns(route.about, param, uuidRe);
  const subjectField = subject ? param(subject.field, 'text') : null;
  const subjectColumns = subjectField
    ? `, e.payload -> ${subjectField} IS NOT NULL AS subject_named,
             CASE WHEN e.payload ->> ${subjectField} ~* ${uuidRe} THEN (e.payload ->> ${subjectField})::uuid END AS subject_key`
    : '';
  const sql = `
    WITH ev AS (
      SELECT e.id, e.payload,
             COALESCE(e.case_id, CASE WHEN e.payload ->> 'caseId' ~* ${uuidRe} THEN (e.payload ->> 'caseId')::uuid END) AS case_key,
             CASE WHEN e.payload ->> 'caseReference' ~ ${param(CASE_REFERENCE_PATTERN, 'text')} THEN e.payload ->> 'caseReference' END AS reference
             ${subjectColumns}
        FROM unnest(${idsParam}) AS wanted (id)
        -- Each event by its primary key. Written as "neither processed nor dead" in one COALESCE so
        -- that the pending index's predicate does not match: with statistics gone stale (no
        -- autovacuum) the planner took that index for two rows and scanned every pending event for
        -- each batch, which made a burst quadratic.
        CROSS JOIN LATERAL (
          SELECT * FROM outbox_events e WHERE e.id = wanted.id AND e.type = ${typeParam} AND COALESCE(e.processed_at, e.dead_at) IS NULL
        ) AS e
       ORDER BY e.id
       FOR UPDATE OF e
    )${
      subject
        ? `, subject AS (${subject.holds}
    )`
        : ''
    }${
      needsCoordinators
        ? `, coordinators AS (
      SELECT id FROM users WHERE 'coordinator' = ANY (roles)
    )`
        : ''
    }, inserted AS (
      INSERT INTO notifications (event_id, recipient_id, kind, case_id, case_reference, title, subject_type, subject_id)
      SELECT ev.id, u.id, ${typeParam}, ev.case_key, ev.reference, replace(${param(route.title, 'text')}, '{case}', COALESCE(ev.reference, 'a case')),
             ${about.type}, ${about.id}
        FROM ev
        CROSS JOIN LATERAL (
          ${recipients}
        ) AS r (user_id)
        JOIN users u ON u.id = r.user_id AND u.active
       ${subject ? 'WHERE (NOT ev.subject_named OR EXISTS (SELECT 1 FROM subject s WHERE s.event_id = ev.id))' : ''}
      ON CONFLICT (event_id, recipient_id) DO NOTHING
      RETURNING event_id
    ), marked AS (
      UPDATE outbox_events o SET processed_at = now() FROM ev WHERE o.id = ev.id RETURNING o.id
    )
    SELECT event_id, sum(n)::int AS notified
      FROM (SELECT id AS event_id, 0 AS n FROM marked UNION ALL SELECT event_id, 1 FROM inserted) AS done
     GROUP BY event_id`;
  return { sql, params };
}

/**
 * The subject's kind and id as SQL over `ev`: both or neither, so that a malformed id or an
 * unknown kind in a payload leaves the notification without a subject rather than failing it.
 */
function aboutColumns(about: AboutRule, param: (value: unknown, cast: string) => string, uuidRe: string): { type: string; id: string } {
  if ('typeField' in about) {
    const typeField = param(about.typeField, 'text');
    const kind = `CASE WHEN ev.payload ->> ${typeField} = ANY (${param(about.types, 'text[]')}) THEN ev.payload ->> ${typeField} END`;
    const field = param(about.field, 'text');
    const id = `CASE WHEN ${kind} IS NOT NULL AND ev.payload ->> ${field} ~* ${uuidRe} THEN (ev.payload ->> ${field})::uuid END`;
    return { type: `CASE WHEN ${id} IS NOT NULL THEN ${kind} END`, id };
  }
  if (about.type === 'case') {
    return { type: `CASE WHEN ev.case_key IS NOT NULL THEN 'case' END`, id: 'ev.case_key' };
  }
  const field = param(about.field, 'text');
  const id = `CASE WHEN ev.payload ->> ${field} ~* ${uuidRe} THEN (ev.payload ->> ${field})::uuid END`;
  return { type: `CASE WHEN ${id} IS NOT NULL THEN ${param(about.type, 'text')} END`, id };
}
