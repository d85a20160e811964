import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CASES_TIMELINE_1763900300000,
  FOLLOW_UPS_TIMELINE_1763900600000,
  HANDOVERS_TIMELINE_1763900700000,
  INTAKE_TIMELINE_1763900500000,
  timelineView,
} from './timeline-branches';

/** A time in a detail as the API writes every time: ISO 8601 in UTC with milliseconds (`…T09:30:00.000Z`). */
export const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const disclosure = (t: string) =>
  `CASE WHEN ${t}.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', ${t}.disclosure_summary, 'legalBasis', ${t}.disclosure_legal_basis,
     'note', ${t}.disclosure_note, 'disclosedAt', ${iso(`${t}.disclosed_at`)}, 'disclosedBy', ${t}.disclosed_by) END`;

/**
 * The whole case timeline (design.md §4) as of this migration. It SUPERSEDES the view as the
 * preceding migrations left it (cases, intake, follow-ups and handovers, including the handover
 * rows that 1763900700000 kept in case_timeline_handovers): every branch is stated here, so that
 * this file alone says what the view is. Changes against it:
 * - three new branches from the change records (issue 9): `case.urgency_changed` {from, to},
 *   `person.updated` {personId, fields} (field names only, never values; the confidential address is
 *   never named, and an edit of nothing else shows no row) and `follow_up.rescheduled`
 *   {followUpId, kind, from, to};
 * - every time inside a detail or disclosure in one format, the API's: ISO 8601 UTC with
 *   milliseconds (jsonb of a timestamptz wrote `+00:00` and dropped zero milliseconds).
 * Masking is as before: restricted_discipline set means only that discipline sees detail and
 * person_ids (TimelineService does it in SQL); the new branches are team-level content.
 */
export const TIMELINE = `
  SELECT c.id AS case_id, c.opened_at AS at, 'a:' || c.id::text AS sort_key, 'case.opened' AS kind,
         c.created_by AS actor_id, c.id AS subject_id, NULL::text AS restricted_discipline,
         jsonb_build_object('reference', c.reference, 'urgency', c.urgency, 'source', c.source) AS detail,
         '{}'::uuid[] AS person_ids, NULL::jsonb AS disclosure
    FROM cases c
  UNION ALL
  SELECT c.id, c.closed_at, 'z:' || c.id::text, 'case.closed', c.closed_by, c.id, NULL,
         jsonb_build_object('reason', c.close_reason), '{}'::uuid[], NULL
    FROM cases c WHERE c.closed_at IS NOT NULL
  UNION ALL
  SELECT p.case_id, p.created_at, 'p:' || p.id::text, 'person.added', p.created_by, p.id, NULL,
         jsonb_build_object('firstName', p.first_name, 'lastName', p.last_name, 'familyRole', p.family_role,
           'involvement', p.involvement), ARRAY[p.id], NULL
    FROM case_persons p
  UNION ALL
  SELECT m.case_id, m.since, 'm:' || m.id::text, 'team.joined', m.added_by, m.user_id, NULL,
         jsonb_build_object('userId', m.user_id, 'role', m.role), '{}'::uuid[], NULL
    FROM case_memberships m
  UNION ALL
  SELECT m.case_id, m.until, 'n:' || m.id::text, 'team.left', m.ended_by, m.user_id, NULL,
         jsonb_build_object('userId', m.user_id, 'role', m.role, 'reason', m.ended_reason), '{}'::uuid[], NULL
    FROM case_memberships m WHERE m.until IS NOT NULL
  UNION ALL
  SELECT e.case_id, e.created_at, 'e:' || lpad(e.seq::text, 20, '0'), 'entry.created', e.author_id, e.id,
         CASE WHEN e.visibility = 'discipline' THEN e.author_discipline END,
         jsonb_build_object('kind', e.kind, 'visibility', e.visibility, 'body', e.body, 'correctsEntryId', e.corrects_entry_id),
         e.person_ids, NULL
    FROM case_entries e
  UNION ALL
  SELECT g.case_id, g.granted_at, 'g:' || g.id::text, 'emergency_access.granted', g.user_id, g.id, NULL,
         jsonb_build_object('reason', g.reason, 'expiresAt', ${iso('g.expires_at')}), '{}'::uuid[], NULL
    FROM emergency_access_grants g
  UNION ALL
  SELECT r.case_id, r.at, 'cu:' || lpad(r.seq::text, 20, '0'), 'case.urgency_changed', r.actor_id, r.case_id, NULL,
         jsonb_build_object('from', r.urgency_from, 'to', r.urgency_to), '{}'::uuid[], NULL
    FROM case_change_records r WHERE r.kind = 'case.urgency_changed'
  UNION ALL
  SELECT r.case_id, r.at, 'pu:' || lpad(r.seq::text, 20, '0'), 'person.updated', r.actor_id, r.person_id, NULL,
         jsonb_build_object('personId', r.person_id, 'fields', to_jsonb(array_remove(r.changed_fields, 'confidentialAddress'))),
         ARRAY[r.person_id], NULL
    FROM case_change_records r
   WHERE r.kind = 'person.updated' AND cardinality(array_remove(r.changed_fields, 'confidentialAddress')) > 0
  UNION ALL
  SELECT i.case_id, i.created_at, 'iv:' || lpad(i.seq::text, 20, '0'), 'interview.recorded', i.author_id, i.id, i.author_discipline,
         jsonb_build_object('personId', i.person_id, 'kind', i.kind, 'conductedAt', ${iso('i.conducted_at')}, 'durationMinutes', i.duration_minutes,
           'location', i.location, 'interviewerIds', to_jsonb(i.interviewer_ids), 'recordingReference', i.recording_reference,
           'summary', i.summary),
         ARRAY[i.person_id], ${disclosure('i')}
    FROM intake_interviews i
  UNION ALL
  SELECT x.case_id, x.created_at, 'ix:' || lpad(x.seq::text, 20, '0'), 'examination.recorded', x.author_id, x.id, x.author_discipline,
         jsonb_build_object('personId', x.person_id, 'examinedAt', ${iso('x.examined_at')}, 'context', x.context, 'consent', x.consent,
           'findings', x.findings, 'conclusion', x.conclusion, 'evidence', x.evidence),
         ARRAY[x.person_id], ${disclosure('x')}
    FROM intake_examinations x
  UNION ALL
  SELECT i.case_id, i.disclosed_at, 'id:' || i.id::text, 'record.disclosed', i.disclosed_by, i.id, NULL::text,
         jsonb_build_object('recordType', 'interview', 'recordId', i.id, 'authorDiscipline', i.author_discipline),
         '{}'::uuid[], ${disclosure('i')}
    FROM intake_interviews i WHERE i.disclosed_at IS NOT NULL
  UNION ALL
  SELECT x.case_id, x.disclosed_at, 'id:' || x.id::text, 'record.disclosed', x.disclosed_by, x.id, NULL::text,
         jsonb_build_object('recordType', 'examination', 'recordId', x.id, 'authorDiscipline', x.author_discipline),
         '{}'::uuid[], ${disclosure('x')}
    FROM intake_examinations x WHERE x.disclosed_at IS NOT NULL
  UNION ALL
  SELECT a.case_id, a.created_at, 'ia:' || lpad(a.seq::text, 20, '0'), 'assessment.recorded', a.author_id, a.id, NULL::text,
         jsonb_build_object('instrument', a.instrument, 'answers', a.answers, 'judgement', a.judgement, 'safety', a.safety),
         a.person_ids, NULL::jsonb
    FROM intake_assessments a
  UNION ALL
  SELECT k.case_id, k.created_at, 'is:' || k.id::text, 'intake.scheduled', k.scheduled_by, k.id, NULL::text,
         jsonb_build_object('scheduledAt', ${iso('k.scheduled_at')}, 'participantIds', to_jsonb(k.participant_ids)),
         '{}'::uuid[], NULL::jsonb
    FROM intakes k
  UNION ALL
  SELECT k.case_id, k.concluded_at, 'ic:' || k.id::text, 'intake.concluded', k.concluded_by, k.id, NULL::text,
         jsonb_build_object('decision', k.decision, 'safety', k.safety, 'leadUserId', k.lead_user_id, 'actions', k.actions,
           'waivedDisciplines', k.waived_disciplines),
         '{}'::uuid[], NULL::jsonb
    FROM intakes k WHERE k.concluded_at IS NOT NULL
  UNION ALL
  SELECT f.case_id, f.created_at, 'fs:' || lpad(f.seq::text, 20, '0'), 'follow_up.scheduled', f.created_by, f.id, NULL::text,
         jsonb_build_object('kind', f.kind, 'title', f.title, 'scheduledAt', ${iso('f.scheduled_at')}, 'assigneeId', f.assignee_id,
           'status', f.status, 'origin', f.origin),
         f.person_ids, NULL::jsonb
    FROM follow_ups f
  UNION ALL
  SELECT f.case_id, f.closed_at, 'fz:' || lpad(f.seq::text, 20, '0'), 'follow_up.' || f.status, f.closed_by, f.id, NULL::text,
         jsonb_build_object('kind', f.kind, 'scheduledAt', ${iso('f.scheduled_at')}, 'assigneeId', f.assignee_id, 'outcome', f.outcome),
         f.person_ids, NULL::jsonb
    FROM follow_ups f WHERE f.closed_at IS NOT NULL
  UNION ALL
  SELECT r.case_id, r.at, 'fr:' || lpad(r.seq::text, 20, '0'), 'follow_up.rescheduled', r.actor_id, r.follow_up_id, NULL::text,
         jsonb_build_object('followUpId', r.follow_up_id, 'kind', f.kind, 'from', ${iso('r.from_at')}, 'to', ${iso('r.to_at')}),
         f.person_ids, NULL::jsonb
    FROM follow_up_reschedules r JOIN follow_ups f ON f.id = r.follow_up_id
  UNION ALL
  SELECT h.case_id, h.proposed_at, 'h1:' || h.id::text, 'handover.proposed', h.from_user_id, h.id, NULL::text,
         jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'reason', h.reason,
           'checklist', h.checklist, 'respondBy', ${iso('h.respond_by')}),
         '{}'::uuid[], NULL::jsonb
    FROM handovers h
  UNION ALL
  SELECT h.case_id, h.briefed_at, 'h2:' || h.id::text, 'handover.briefed', h.briefed_by, h.id, NULL::text,
         jsonb_build_object('handoverId', h.id, 'heldAt', h.meeting -> 'heldAt', 'participantIds', h.meeting -> 'participantIds',
           'familyPresent', h.meeting -> 'familyPresent', 'notes', h.meeting -> 'notes'),
         '{}'::uuid[], NULL::jsonb
    FROM handovers h WHERE h.briefed_at IS NOT NULL
  UNION ALL
  SELECT h.case_id, h.accepted_at, 'h3:' || h.id::text, 'handover.accepted', h.to_user_id, h.id, NULL::text,
         jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'note', h.accept_note),
         '{}'::uuid[], NULL::jsonb
    FROM handovers h WHERE h.accepted_at IS NOT NULL
  UNION ALL
  SELECT h.case_id, h.declined_at, 'h3:' || h.id::text, 'handover.declined', h.to_user_id, h.id, NULL::text,
         jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'reason', h.decline_reason),
         '{}'::uuid[], NULL::jsonb
    FROM handovers h WHERE h.declined_at IS NOT NULL
  UNION ALL
  SELECT h.case_id, h.withdrawn_at, 'h3:' || h.id::text, 'handover.withdrawn', h.from_user_id, h.id, NULL::text,
         jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'reason', h.withdraw_reason),
         '{}'::uuid[], NULL::jsonb
    FROM handovers h WHERE h.withdrawn_at IS NOT NULL`;

export class CaseTimelineChanges1764000500300 implements MigrationInterface {
  name = 'CaseTimelineChanges1764000500300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${TIMELINE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The view as the preceding migrations left it, from their frozen branch lists (times unformatted, as they were).
    await q.query(
      timelineView(
        CASES_TIMELINE_1763900300000,
        INTAKE_TIMELINE_1763900500000,
        FOLLOW_UPS_TIMELINE_1763900600000,
        HANDOVERS_TIMELINE_1763900700000,
      ),
    );
  }
}
