import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case timeline with conferences, safety-plan versions and checks (design.md §7), stated whole.
 *
 * BASE_TIMELINE is `pg_get_viewdef('case_timeline', true)` of a database migrated up to
 * 1763900900000, unchanged, so that this migration never depends on what others added before it ran.
 * The conference and safety-plan branches are separate, commented UNION ALL parts after it: a merge
 * with another branch that extends the view adds its parts beside these (and takes the newer base).
 * Conference records are team content (no restricted discipline): the timeline is a `content` read,
 * which coordinators under oversight alone do not get.
 */
const BASE_TIMELINE = `
  SELECT c.id AS case_id,
      c.opened_at AS at,
      'a:'::text || c.id::text AS sort_key,
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
      'z:'::text || c.id::text AS sort_key,
      'case.closed'::text AS kind,
      c.closed_by AS actor_id,
      c.id AS subject_id,
      NULL::text AS restricted_discipline,
      jsonb_build_object('reason', c.close_reason) AS detail,
      '{}'::uuid[] AS person_ids,
      NULL::jsonb AS disclosure
     FROM cases c
    WHERE c.closed_at IS NOT NULL
  UNION ALL
   SELECT p.case_id,
      p.created_at AS at,
      'p:'::text || p.id::text AS sort_key,
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
      'm:'::text || m.id::text AS sort_key,
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
      'n:'::text || m.id::text AS sort_key,
      'team.left'::text AS kind,
      m.ended_by AS actor_id,
      m.user_id AS subject_id,
      NULL::text AS restricted_discipline,
      jsonb_build_object('userId', m.user_id, 'role', m.role, 'reason', m.ended_reason) AS detail,
      '{}'::uuid[] AS person_ids,
      NULL::jsonb AS disclosure
     FROM case_memberships m
    WHERE m.until IS NOT NULL
  UNION ALL
   SELECT e.case_id,
      e.created_at AS at,
      'e:'::text || lpad(e.seq::text, 20, '0'::text) AS sort_key,
      'entry.created'::text AS kind,
      e.author_id AS actor_id,
      e.id AS subject_id,
          CASE
              WHEN e.visibility = 'discipline'::text THEN e.author_discipline
              ELSE NULL::text
          END AS restricted_discipline,
      jsonb_build_object('kind', e.kind, 'visibility', e.visibility, 'body', e.body, 'correctsEntryId', e.corrects_entry_id) AS detail,
      e.person_ids,
      NULL::jsonb AS disclosure
     FROM case_entries e
  UNION ALL
   SELECT g.case_id,
      g.granted_at AS at,
      'g:'::text || g.id::text AS sort_key,
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
      'iv:'::text || lpad(i.seq::text, 20, '0'::text) AS sort_key,
      'interview.recorded'::text AS kind,
      i.author_id AS actor_id,
      i.id AS subject_id,
      i.author_discipline AS restricted_discipline,
      jsonb_build_object('personId', i.person_id, 'kind', i.kind, 'conductedAt', i.conducted_at, 'durationMinutes', i.duration_minutes, 'location', i.location, 'interviewerIds', to_jsonb(i.interviewer_ids), 'recordingReference', i.recording_reference, 'summary', i.summary) AS detail,
      ARRAY[i.person_id] AS person_ids,
          CASE
              WHEN i.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', i.disclosure_summary, 'legalBasis', i.disclosure_legal_basis, 'note', i.disclosure_note, 'disclosedAt', i.disclosed_at, 'disclosedBy', i.disclosed_by)
              ELSE NULL::jsonb
          END AS disclosure
     FROM intake_interviews i
  UNION ALL
   SELECT x.case_id,
      x.created_at AS at,
      'ix:'::text || lpad(x.seq::text, 20, '0'::text) AS sort_key,
      'examination.recorded'::text AS kind,
      x.author_id AS actor_id,
      x.id AS subject_id,
      x.author_discipline AS restricted_discipline,
      jsonb_build_object('personId', x.person_id, 'examinedAt', x.examined_at, 'context', x.context, 'consent', x.consent, 'findings', x.findings, 'conclusion', x.conclusion, 'evidence', x.evidence) AS detail,
      ARRAY[x.person_id] AS person_ids,
          CASE
              WHEN x.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', x.disclosure_summary, 'legalBasis', x.disclosure_legal_basis, 'note', x.disclosure_note, 'disclosedAt', x.disclosed_at, 'disclosedBy', x.disclosed_by)
              ELSE NULL::jsonb
          END AS disclosure
     FROM intake_examinations x
  UNION ALL
   SELECT i.case_id,
      i.disclosed_at AS at,
      'id:'::text || i.id::text AS sort_key,
      'record.disclosed'::text AS kind,
      i.disclosed_by AS actor_id,
      i.id AS subject_id,
      NULL::text AS restricted_discipline,
      jsonb_build_object('recordType', 'interview', 'recordId', i.id, 'authorDiscipline', i.author_discipline) AS detail,
      '{}'::uuid[] AS person_ids,
          CASE
              WHEN i.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', i.disclosure_summary, 'legalBasis', i.disclosure_legal_basis, 'note', i.disclosure_note, 'disclosedAt', i.disclosed_at, 'disclosedBy', i.disclosed_by)
              ELSE NULL::jsonb
          END AS disclosure
     FROM intake_interviews i
    WHERE i.disclosed_at IS NOT NULL
  UNION ALL
   SELECT x.case_id,
      x.disclosed_at AS at,
      'id:'::text || x.id::text AS sort_key,
      'record.disclosed'::text AS kind,
      x.disclosed_by AS actor_id,
      x.id AS subject_id,
      NULL::text AS restricted_discipline,
      jsonb_build_object('recordType', 'examination', 'recordId', x.id, 'authorDiscipline', x.author_discipline) AS detail,
      '{}'::uuid[] AS person_ids,
          CASE
              WHEN x.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', x.disclosure_summary, 'legalBasis', x.disclosure_legal_basis, 'note', x.disclosure_note, 'disclosedAt', x.disclosed_at, 'disclosedBy', x.disclosed_by)
              ELSE NULL::jsonb
          END AS disclosure
     FROM intake_examinations x
    WHERE x.disclosed_at IS NOT NULL
  UNION ALL
   SELECT a.case_id,
      a.created_at AS at,
      'ia:'::text || lpad(a.seq::text, 20, '0'::text) AS sort_key,
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
      'is:'::text || k.id::text AS sort_key,
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
      'ic:'::text || k.id::text AS sort_key,
      'intake.concluded'::text AS kind,
      k.concluded_by AS actor_id,
      k.id AS subject_id,
      NULL::text AS restricted_discipline,
      jsonb_build_object('decision', k.decision, 'safety', k.safety, 'leadUserId', k.lead_user_id, 'actions', k.actions, 'waivedDisciplines', k.waived_disciplines) AS detail,
      '{}'::uuid[] AS person_ids,
      NULL::jsonb AS disclosure
     FROM intakes k
    WHERE k.concluded_at IS NOT NULL
  UNION ALL
   SELECT f.case_id,
      f.created_at AS at,
      'fs:'::text || lpad(f.seq::text, 20, '0'::text) AS sort_key,
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
      'fz:'::text || lpad(f.seq::text, 20, '0'::text) AS sort_key,
      'follow_up.'::text || f.status AS kind,
      f.closed_by AS actor_id,
      f.id AS subject_id,
      NULL::text AS restricted_discipline,
      jsonb_build_object('kind', f.kind, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id, 'outcome', f.outcome) AS detail,
      f.person_ids,
      NULL::jsonb AS disclosure
     FROM follow_ups f
    WHERE f.closed_at IS NOT NULL
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

/** Conferences: scheduled, held (with its record: team content, like every branch without a discipline), cancelled, addenda. */
const CONFERENCE_BRANCHES = `
  SELECT cf.case_id, cf.created_at AS at, 'cs:' || lpad(cf.seq::text, 20, '0') AS sort_key, 'conference.scheduled' AS kind,
         cf.created_by AS actor_id, cf.id AS subject_id, NULL::text AS restricted_discipline,
         jsonb_build_object('conferenceId', cf.id, 'kind', cf.kind, 'scheduledAt', cf.scheduled_at, 'chairId', cf.chair_id,
           'participantIds', to_jsonb(cf.scheduled_participant_ids)) AS detail,
         '{}'::uuid[] AS person_ids, NULL::jsonb AS disclosure
    FROM case_conferences cf
  UNION ALL
  SELECT cf.case_id, cf.recorded_at, 'ch:' || lpad(cf.seq::text, 20, '0'), 'conference.held', cf.recorded_by, cf.id, NULL::text,
         jsonb_build_object('conferenceId', cf.id, 'kind', cf.kind, 'heldAt', cf.held_at, 'participantIds', to_jsonb(cf.participant_ids),
           'familyParticipation', cf.family_participation, 'childView', cf.child_view, 'minutes', cf.minutes,
           'decisions', cf.decisions, 'actions', cf.actions, 'nextReviewAt', cf.next_review_at),
         '{}'::uuid[], NULL::jsonb
    FROM case_conferences cf WHERE cf.recorded_at IS NOT NULL
  UNION ALL
  SELECT cf.case_id, cf.cancelled_at, 'cc:' || lpad(cf.seq::text, 20, '0'), 'conference.cancelled', cf.cancelled_by, cf.id, NULL::text,
         jsonb_build_object('conferenceId', cf.id, 'kind', cf.kind, 'scheduledAt', cf.scheduled_at, 'reason', cf.cancel_reason),
         '{}'::uuid[], NULL::jsonb
    FROM case_conferences cf WHERE cf.cancelled_at IS NOT NULL
  UNION ALL
  SELECT ad.case_id, ad.created_at, 'ca:' || lpad(ad.seq::text, 20, '0'), 'conference.addendum', ad.author_id, ad.conference_id, NULL::text,
         jsonb_build_object('conferenceId', ad.conference_id, 'addendumId', ad.id, 'text', ad.text),
         '{}'::uuid[], NULL::jsonb
    FROM conference_addenda ad`;

/** Safety plans: each version as agreed (with its agreements and goals), and each check of an agreement. */
const SAFETY_PLAN_BRANCHES = `
  SELECT sp.case_id, sp.created_at AS at, 'sp:' || lpad(sp.seq::text, 20, '0') AS sort_key, 'safety_plan.agreed' AS kind,
         sp.created_by AS actor_id, sp.id AS subject_id, NULL::text AS restricted_discipline,
         jsonb_build_object('planId', sp.id, 'version', sp.version, 'phase', sp.phase, 'agreedAt', sp.agreed_at, 'reviewAt', sp.review_at,
           'agreedWithPersonIds', to_jsonb(sp.agreed_with_person_ids),
           'agreements', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', a.id, 'text', a.text, 'personIds', to_jsonb(a.person_ids),
                             'responsibleUserId', a.responsible_user_id, 'checkEveryDays', a.check_every_days) ORDER BY a.position), '[]'::jsonb)
                            FROM safety_plan_agreements a WHERE a.plan_id = sp.id),
           'goals', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', g.id, 'personId', g.person_id, 'track', g.track, 'text', g.text)
                        ORDER BY g.position), '[]'::jsonb) FROM safety_plan_goals g WHERE g.plan_id = sp.id),
           'noPerpetratorGoalReason', sp.no_perpetrator_goal_reason) AS detail,
         sp.person_ids, NULL::jsonb AS disclosure
    FROM safety_plans sp
  UNION ALL
  SELECT k.case_id, k.created_at, 'sk:' || lpad(k.seq::text, 20, '0'), 'safety_plan.checked', k.checked_by, k.agreement_id, NULL::text,
         jsonb_build_object('planId', k.plan_id, 'agreementId', k.agreement_id, 'checkedAt', k.checked_at, 'result', k.result, 'note', k.note),
         k.person_ids, NULL::jsonb
    FROM safety_plan_checks k`;

export class ConferenceTimeline1764000820000 implements MigrationInterface {
  name = 'ConferenceTimeline1764000820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${BASE_TIMELINE}
      -- ===== conferences (Conferences1764000800000) =====
      UNION ALL ${CONFERENCE_BRANCHES}
      -- ===== safety plans (Conferences1764000800000) =====
      UNION ALL ${SAFETY_PLAN_BRANCHES}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${BASE_TIMELINE}`);
  }
}
