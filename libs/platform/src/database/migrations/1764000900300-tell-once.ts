import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8 "tell once": an interview of a child who already has a studio interview is a
 * supplementary interview, with who approved it and why, and whether an interviewer of the first
 * interview is among its interviewers. Records are immutable (intake_records_guard), so these are
 * written once, with the interview.
 *
 * The case_timeline view is stated WHOLE here (as it stood after every migration before this one on
 * the clocks branch), since other branches change it too: the only change is the interview branch's
 * detail, between the lines marked "issue 13 (clocks branch), tell once".
 */
const VIEW_BEFORE = `SELECT c.id AS case_id,
    c.opened_at AS at,
    ('a:'::text || (c.id)::text) AS sort_key,
    'case.opened'::text AS kind,
    c.created_by AS actor_id,
    c.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('reference', c.reference, 'urgency', c.urgency, 'source', c.source) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM cases c
UNION ALL
 SELECT c.id AS case_id,
    c.closed_at AS at,
    ('z:'::text || (c.id)::text) AS sort_key,
    'case.closed'::text AS kind,
    c.closed_by AS actor_id,
    c.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('reason', c.close_reason) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM cases c
  WHERE (c.closed_at IS NOT NULL)
UNION ALL
 SELECT p.case_id,
    p.created_at AS at,
    ('p:'::text || (p.id)::text) AS sort_key,
    'person.added'::text AS kind,
    p.created_by AS actor_id,
    p.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('firstName', p.first_name, 'lastName', p.last_name, 'familyRole', p.family_role, 'involvement', p.involvement) AS detail,
    ARRAY[p.id] AS person_ids,
    NULL::jsonb AS disclosure
   FROM case_persons p
UNION ALL
 SELECT m.case_id,
    m.since AS at,
    ('m:'::text || (m.id)::text) AS sort_key,
    'team.joined'::text AS kind,
    m.added_by AS actor_id,
    m.user_id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('userId', m.user_id, 'role', m.role) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM case_memberships m
UNION ALL
 SELECT m.case_id,
    m.until AS at,
    ('n:'::text || (m.id)::text) AS sort_key,
    'team.left'::text AS kind,
    m.ended_by AS actor_id,
    m.user_id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('userId', m.user_id, 'role', m.role, 'reason', m.ended_reason) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM case_memberships m
  WHERE (m.until IS NOT NULL)
UNION ALL
 SELECT e.case_id,
    e.created_at AS at,
    ('e:'::text || lpad((e.seq)::text, 20, '0'::text)) AS sort_key,
    'entry.created'::text AS kind,
    e.author_id AS actor_id,
    e.id AS subject_id,
        CASE
            WHEN (e.visibility = 'discipline'::text) THEN e.author_discipline
            ELSE NULL::text
        END AS restricted_discipline,
    jsonb_build_object('kind', e.kind, 'visibility', e.visibility, 'body', e.body, 'correctsEntryId', e.corrects_entry_id) AS detail,
    e.person_ids,
    NULL::jsonb AS disclosure
   FROM case_entries e
UNION ALL
 SELECT g.case_id,
    g.granted_at AS at,
    ('g:'::text || (g.id)::text) AS sort_key,
    'emergency_access.granted'::text AS kind,
    g.user_id AS actor_id,
    g.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('reason', g.reason, 'expiresAt', g.expires_at) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM emergency_access_grants g
UNION ALL
 SELECT i.case_id,
    i.created_at AS at,
    ('iv:'::text || lpad((i.seq)::text, 20, '0'::text)) AS sort_key,
    'interview.recorded'::text AS kind,
    i.author_id AS actor_id,
    i.id AS subject_id,
    i.author_discipline AS restricted_discipline,
    jsonb_build_object('personId', i.person_id, 'kind', i.kind, 'conductedAt', i.conducted_at, 'durationMinutes', i.duration_minutes, 'location', i.location, 'interviewerIds', to_jsonb(i.interviewer_ids), 'recordingReference', i.recording_reference, 'summary', i.summary) AS detail,
    ARRAY[i.person_id] AS person_ids,
        CASE
            WHEN (i.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', i.disclosure_summary, 'legalBasis', i.disclosure_legal_basis, 'note', i.disclosure_note, 'disclosedAt', i.disclosed_at, 'disclosedBy', i.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_interviews i
UNION ALL
 SELECT x.case_id,
    x.created_at AS at,
    ('ix:'::text || lpad((x.seq)::text, 20, '0'::text)) AS sort_key,
    'examination.recorded'::text AS kind,
    x.author_id AS actor_id,
    x.id AS subject_id,
    x.author_discipline AS restricted_discipline,
    jsonb_build_object('personId', x.person_id, 'examinedAt', x.examined_at, 'context', x.context, 'consent', x.consent, 'findings', x.findings, 'conclusion', x.conclusion, 'evidence', x.evidence) AS detail,
    ARRAY[x.person_id] AS person_ids,
        CASE
            WHEN (x.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', x.disclosure_summary, 'legalBasis', x.disclosure_legal_basis, 'note', x.disclosure_note, 'disclosedAt', x.disclosed_at, 'disclosedBy', x.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_examinations x
UNION ALL
 SELECT i.case_id,
    i.disclosed_at AS at,
    ('id:'::text || (i.id)::text) AS sort_key,
    'record.disclosed'::text AS kind,
    i.disclosed_by AS actor_id,
    i.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('recordType', 'interview', 'recordId', i.id, 'authorDiscipline', i.author_discipline) AS detail,
    '{}'::uuid[] AS person_ids,
        CASE
            WHEN (i.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', i.disclosure_summary, 'legalBasis', i.disclosure_legal_basis, 'note', i.disclosure_note, 'disclosedAt', i.disclosed_at, 'disclosedBy', i.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_interviews i
  WHERE (i.disclosed_at IS NOT NULL)
UNION ALL
 SELECT x.case_id,
    x.disclosed_at AS at,
    ('id:'::text || (x.id)::text) AS sort_key,
    'record.disclosed'::text AS kind,
    x.disclosed_by AS actor_id,
    x.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('recordType', 'examination', 'recordId', x.id, 'authorDiscipline', x.author_discipline) AS detail,
    '{}'::uuid[] AS person_ids,
        CASE
            WHEN (x.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', x.disclosure_summary, 'legalBasis', x.disclosure_legal_basis, 'note', x.disclosure_note, 'disclosedAt', x.disclosed_at, 'disclosedBy', x.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_examinations x
  WHERE (x.disclosed_at IS NOT NULL)
UNION ALL
 SELECT a.case_id,
    a.created_at AS at,
    ('ia:'::text || lpad((a.seq)::text, 20, '0'::text)) AS sort_key,
    'assessment.recorded'::text AS kind,
    a.author_id AS actor_id,
    a.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('instrument', a.instrument, 'answers', a.answers, 'judgement', a.judgement, 'safety', a.safety) AS detail,
    a.person_ids,
    NULL::jsonb AS disclosure
   FROM intake_assessments a
UNION ALL
 SELECT k.case_id,
    k.created_at AS at,
    ('is:'::text || (k.id)::text) AS sort_key,
    'intake.scheduled'::text AS kind,
    k.scheduled_by AS actor_id,
    k.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('scheduledAt', k.scheduled_at, 'participantIds', to_jsonb(k.participant_ids)) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM intakes k
UNION ALL
 SELECT k.case_id,
    k.concluded_at AS at,
    ('ic:'::text || (k.id)::text) AS sort_key,
    'intake.concluded'::text AS kind,
    k.concluded_by AS actor_id,
    k.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('decision', k.decision, 'safety', k.safety, 'leadUserId', k.lead_user_id, 'actions', k.actions, 'waivedDisciplines', k.waived_disciplines) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM intakes k
  WHERE (k.concluded_at IS NOT NULL)
UNION ALL
 SELECT f.case_id,
    f.created_at AS at,
    ('fs:'::text || lpad((f.seq)::text, 20, '0'::text)) AS sort_key,
    'follow_up.scheduled'::text AS kind,
    f.created_by AS actor_id,
    f.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('kind', f.kind, 'title', f.title, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id, 'status', f.status, 'origin', f.origin) AS detail,
    f.person_ids,
    NULL::jsonb AS disclosure
   FROM follow_ups f
UNION ALL
 SELECT f.case_id,
    f.closed_at AS at,
    ('fz:'::text || lpad((f.seq)::text, 20, '0'::text)) AS sort_key,
    ('follow_up.'::text || f.status) AS kind,
    f.closed_by AS actor_id,
    f.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('kind', f.kind, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id, 'outcome', f.outcome) AS detail,
    f.person_ids,
    NULL::jsonb AS disclosure
   FROM follow_ups f
  WHERE (f.closed_at IS NOT NULL)
UNION ALL
 SELECT case_timeline_handovers.case_id,
    case_timeline_handovers.at,
    case_timeline_handovers.sort_key,
    case_timeline_handovers.kind,
    case_timeline_handovers.actor_id,
    case_timeline_handovers.subject_id,
    case_timeline_handovers.restricted_discipline,
    case_timeline_handovers.detail,
    case_timeline_handovers.person_ids,
    case_timeline_handovers.disclosure
   FROM case_timeline_handovers`;

const VIEW_AFTER = `SELECT c.id AS case_id,
    c.opened_at AS at,
    ('a:'::text || (c.id)::text) AS sort_key,
    'case.opened'::text AS kind,
    c.created_by AS actor_id,
    c.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('reference', c.reference, 'urgency', c.urgency, 'source', c.source) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM cases c
UNION ALL
 SELECT c.id AS case_id,
    c.closed_at AS at,
    ('z:'::text || (c.id)::text) AS sort_key,
    'case.closed'::text AS kind,
    c.closed_by AS actor_id,
    c.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('reason', c.close_reason) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM cases c
  WHERE (c.closed_at IS NOT NULL)
UNION ALL
 SELECT p.case_id,
    p.created_at AS at,
    ('p:'::text || (p.id)::text) AS sort_key,
    'person.added'::text AS kind,
    p.created_by AS actor_id,
    p.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('firstName', p.first_name, 'lastName', p.last_name, 'familyRole', p.family_role, 'involvement', p.involvement) AS detail,
    ARRAY[p.id] AS person_ids,
    NULL::jsonb AS disclosure
   FROM case_persons p
UNION ALL
 SELECT m.case_id,
    m.since AS at,
    ('m:'::text || (m.id)::text) AS sort_key,
    'team.joined'::text AS kind,
    m.added_by AS actor_id,
    m.user_id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('userId', m.user_id, 'role', m.role) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM case_memberships m
UNION ALL
 SELECT m.case_id,
    m.until AS at,
    ('n:'::text || (m.id)::text) AS sort_key,
    'team.left'::text AS kind,
    m.ended_by AS actor_id,
    m.user_id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('userId', m.user_id, 'role', m.role, 'reason', m.ended_reason) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM case_memberships m
  WHERE (m.until IS NOT NULL)
UNION ALL
 SELECT e.case_id,
    e.created_at AS at,
    ('e:'::text || lpad((e.seq)::text, 20, '0'::text)) AS sort_key,
    'entry.created'::text AS kind,
    e.author_id AS actor_id,
    e.id AS subject_id,
        CASE
            WHEN (e.visibility = 'discipline'::text) THEN e.author_discipline
            ELSE NULL::text
        END AS restricted_discipline,
    jsonb_build_object('kind', e.kind, 'visibility', e.visibility, 'body', e.body, 'correctsEntryId', e.corrects_entry_id) AS detail,
    e.person_ids,
    NULL::jsonb AS disclosure
   FROM case_entries e
UNION ALL
 SELECT g.case_id,
    g.granted_at AS at,
    ('g:'::text || (g.id)::text) AS sort_key,
    'emergency_access.granted'::text AS kind,
    g.user_id AS actor_id,
    g.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('reason', g.reason, 'expiresAt', g.expires_at) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM emergency_access_grants g
UNION ALL
 SELECT i.case_id,
    i.created_at AS at,
    ('iv:'::text || lpad((i.seq)::text, 20, '0'::text)) AS sort_key,
    'interview.recorded'::text AS kind,
    i.author_id AS actor_id,
    i.id AS subject_id,
    i.author_discipline AS restricted_discipline,
    jsonb_build_object('personId', i.person_id, 'kind', i.kind, 'conductedAt', i.conducted_at, 'durationMinutes', i.duration_minutes, 'location', i.location, 'interviewerIds', to_jsonb(i.interviewer_ids), 'recordingReference', i.recording_reference, 'summary', i.summary,
        -- issue 13 (clocks branch), tell once: BEGIN
        'supplementary', CASE WHEN i.supplementary_reason IS NULL THEN NULL::jsonb
          ELSE jsonb_build_object('reason', i.supplementary_reason, 'approvedBy', i.supplementary_approved_by) END,
        'sameInterviewer', i.same_interviewer
        -- issue 13 (clocks branch), tell once: END
        ) AS detail,
    ARRAY[i.person_id] AS person_ids,
        CASE
            WHEN (i.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', i.disclosure_summary, 'legalBasis', i.disclosure_legal_basis, 'note', i.disclosure_note, 'disclosedAt', i.disclosed_at, 'disclosedBy', i.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_interviews i
UNION ALL
 SELECT x.case_id,
    x.created_at AS at,
    ('ix:'::text || lpad((x.seq)::text, 20, '0'::text)) AS sort_key,
    'examination.recorded'::text AS kind,
    x.author_id AS actor_id,
    x.id AS subject_id,
    x.author_discipline AS restricted_discipline,
    jsonb_build_object('personId', x.person_id, 'examinedAt', x.examined_at, 'context', x.context, 'consent', x.consent, 'findings', x.findings, 'conclusion', x.conclusion, 'evidence', x.evidence) AS detail,
    ARRAY[x.person_id] AS person_ids,
        CASE
            WHEN (x.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', x.disclosure_summary, 'legalBasis', x.disclosure_legal_basis, 'note', x.disclosure_note, 'disclosedAt', x.disclosed_at, 'disclosedBy', x.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_examinations x
UNION ALL
 SELECT i.case_id,
    i.disclosed_at AS at,
    ('id:'::text || (i.id)::text) AS sort_key,
    'record.disclosed'::text AS kind,
    i.disclosed_by AS actor_id,
    i.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('recordType', 'interview', 'recordId', i.id, 'authorDiscipline', i.author_discipline) AS detail,
    '{}'::uuid[] AS person_ids,
        CASE
            WHEN (i.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', i.disclosure_summary, 'legalBasis', i.disclosure_legal_basis, 'note', i.disclosure_note, 'disclosedAt', i.disclosed_at, 'disclosedBy', i.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_interviews i
  WHERE (i.disclosed_at IS NOT NULL)
UNION ALL
 SELECT x.case_id,
    x.disclosed_at AS at,
    ('id:'::text || (x.id)::text) AS sort_key,
    'record.disclosed'::text AS kind,
    x.disclosed_by AS actor_id,
    x.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('recordType', 'examination', 'recordId', x.id, 'authorDiscipline', x.author_discipline) AS detail,
    '{}'::uuid[] AS person_ids,
        CASE
            WHEN (x.disclosed_at IS NOT NULL) THEN jsonb_build_object('summary', x.disclosure_summary, 'legalBasis', x.disclosure_legal_basis, 'note', x.disclosure_note, 'disclosedAt', x.disclosed_at, 'disclosedBy', x.disclosed_by)
            ELSE NULL::jsonb
        END AS disclosure
   FROM intake_examinations x
  WHERE (x.disclosed_at IS NOT NULL)
UNION ALL
 SELECT a.case_id,
    a.created_at AS at,
    ('ia:'::text || lpad((a.seq)::text, 20, '0'::text)) AS sort_key,
    'assessment.recorded'::text AS kind,
    a.author_id AS actor_id,
    a.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('instrument', a.instrument, 'answers', a.answers, 'judgement', a.judgement, 'safety', a.safety) AS detail,
    a.person_ids,
    NULL::jsonb AS disclosure
   FROM intake_assessments a
UNION ALL
 SELECT k.case_id,
    k.created_at AS at,
    ('is:'::text || (k.id)::text) AS sort_key,
    'intake.scheduled'::text AS kind,
    k.scheduled_by AS actor_id,
    k.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('scheduledAt', k.scheduled_at, 'participantIds', to_jsonb(k.participant_ids)) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM intakes k
UNION ALL
 SELECT k.case_id,
    k.concluded_at AS at,
    ('ic:'::text || (k.id)::text) AS sort_key,
    'intake.concluded'::text AS kind,
    k.concluded_by AS actor_id,
    k.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('decision', k.decision, 'safety', k.safety, 'leadUserId', k.lead_user_id, 'actions', k.actions, 'waivedDisciplines', k.waived_disciplines) AS detail,
    '{}'::uuid[] AS person_ids,
    NULL::jsonb AS disclosure
   FROM intakes k
  WHERE (k.concluded_at IS NOT NULL)
UNION ALL
 SELECT f.case_id,
    f.created_at AS at,
    ('fs:'::text || lpad((f.seq)::text, 20, '0'::text)) AS sort_key,
    'follow_up.scheduled'::text AS kind,
    f.created_by AS actor_id,
    f.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('kind', f.kind, 'title', f.title, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id, 'status', f.status, 'origin', f.origin) AS detail,
    f.person_ids,
    NULL::jsonb AS disclosure
   FROM follow_ups f
UNION ALL
 SELECT f.case_id,
    f.closed_at AS at,
    ('fz:'::text || lpad((f.seq)::text, 20, '0'::text)) AS sort_key,
    ('follow_up.'::text || f.status) AS kind,
    f.closed_by AS actor_id,
    f.id AS subject_id,
    NULL::text AS restricted_discipline,
    jsonb_build_object('kind', f.kind, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id, 'outcome', f.outcome) AS detail,
    f.person_ids,
    NULL::jsonb AS disclosure
   FROM follow_ups f
  WHERE (f.closed_at IS NOT NULL)
UNION ALL
 SELECT case_timeline_handovers.case_id,
    case_timeline_handovers.at,
    case_timeline_handovers.sort_key,
    case_timeline_handovers.kind,
    case_timeline_handovers.actor_id,
    case_timeline_handovers.subject_id,
    case_timeline_handovers.restricted_discipline,
    case_timeline_handovers.detail,
    case_timeline_handovers.person_ids,
    case_timeline_handovers.disclosure
   FROM case_timeline_handovers`;

export class TellOnce1764000900300 implements MigrationInterface {
  name = 'TellOnce1764000900300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake_interviews ADD COLUMN supplementary_reason text, ADD COLUMN supplementary_approved_by text,
      ADD COLUMN same_interviewer boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT intake_interviews_supplementary CHECK ((supplementary_reason IS NULL) = (supplementary_approved_by IS NULL))`);
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${VIEW_AFTER}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${VIEW_BEFORE}`);
    await q.query(`ALTER TABLE intake_interviews DROP CONSTRAINT intake_interviews_supplementary,
      DROP COLUMN same_interviewer, DROP COLUMN supplementary_approved_by, DROP COLUMN supplementary_reason`);
  }
}
