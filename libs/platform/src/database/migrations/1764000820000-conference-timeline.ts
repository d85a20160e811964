import type { MigrationInterface, QueryRunner } from 'typeorm';
import { iso, TIMELINE as TIMELINE_BEFORE } from './1764000500300-case-timeline-changes';

/**
 * The case timeline with conferences, safety-plan versions and checks (design.md §7), stated whole:
 * the view of 1764000500300 (imported, not copied: a landed migration never changes, so its text is
 * this migration's base for good) and, after it, the conference and safety-plan branches as
 * separate, commented UNION ALL parts. Times in a detail are written as the API writes every time
 * (`iso`). Conference records are team content (no restricted discipline): the timeline is a
 * `content` read, which coordinators under oversight alone do not get.
 */

/** Conferences: scheduled, held (with its record: team content, like every branch without a discipline), cancelled, addenda. */
export const CONFERENCE_BRANCHES = `
  SELECT cf.case_id, cf.created_at AS at, 'cs:' || lpad(cf.seq::text, 20, '0') AS sort_key, 'conference.scheduled' AS kind,
         cf.created_by AS actor_id, cf.id AS subject_id, NULL::text AS restricted_discipline,
         jsonb_build_object('conferenceId', cf.id, 'kind', cf.kind, 'scheduledAt', ${iso('cf.scheduled_at')}, 'chairId', cf.chair_id,
           'participantIds', to_jsonb(cf.scheduled_participant_ids)) AS detail,
         '{}'::uuid[] AS person_ids, NULL::jsonb AS disclosure
    FROM case_conferences cf
  UNION ALL
  SELECT cf.case_id, cf.recorded_at, 'ch:' || lpad(cf.seq::text, 20, '0'), 'conference.held', cf.recorded_by, cf.id, NULL::text,
         jsonb_build_object('conferenceId', cf.id, 'kind', cf.kind, 'heldAt', ${iso('cf.held_at')}, 'participantIds', to_jsonb(cf.participant_ids),
           'familyParticipation', cf.family_participation, 'childView', cf.child_view, 'minutes', cf.minutes,
           'decisions', cf.decisions, 'actions', cf.actions, 'nextReviewAt', ${iso('cf.next_review_at')}),
         '{}'::uuid[], NULL::jsonb
    FROM case_conferences cf WHERE cf.recorded_at IS NOT NULL
  UNION ALL
  SELECT cf.case_id, cf.cancelled_at, 'cc:' || lpad(cf.seq::text, 20, '0'), 'conference.cancelled', cf.cancelled_by, cf.id, NULL::text,
         jsonb_build_object('conferenceId', cf.id, 'kind', cf.kind, 'scheduledAt', ${iso('cf.scheduled_at')}, 'reason', cf.cancel_reason),
         '{}'::uuid[], NULL::jsonb
    FROM case_conferences cf WHERE cf.cancelled_at IS NOT NULL
  UNION ALL
  SELECT ad.case_id, ad.created_at, 'ca:' || lpad(ad.seq::text, 20, '0'), 'conference.addendum', ad.author_id, ad.conference_id, NULL::text,
         jsonb_build_object('conferenceId', ad.conference_id, 'addendumId', ad.id, 'text', ad.text),
         '{}'::uuid[], NULL::jsonb
    FROM conference_addenda ad`;

/** Safety plans: each version as agreed (with its agreements and goals), and each check of an agreement. */
export const SAFETY_PLAN_BRANCHES = `
  SELECT sp.case_id, sp.created_at AS at, 'sp:' || lpad(sp.seq::text, 20, '0') AS sort_key, 'safety_plan.agreed' AS kind,
         sp.created_by AS actor_id, sp.id AS subject_id, NULL::text AS restricted_discipline,
         jsonb_build_object('planId', sp.id, 'version', sp.version, 'phase', sp.phase, 'agreedAt', ${iso('sp.agreed_at')}, 'reviewAt', ${iso('sp.review_at')},
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
         jsonb_build_object('planId', k.plan_id, 'agreementId', k.agreement_id, 'checkedAt', ${iso('k.checked_at')}, 'result', k.result, 'note', k.note),
         k.person_ids, NULL::jsonb
    FROM safety_plan_checks k`;

export class ConferenceTimeline1764000820000 implements MigrationInterface {
  name = 'ConferenceTimeline1764000820000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${TIMELINE_BEFORE}
      -- ===== conferences (Conferences1764000800000) =====
      UNION ALL ${CONFERENCE_BRANCHES}
      -- ===== safety plans (SafetyPlans1764000810000) =====
      UNION ALL ${SAFETY_PLAN_BRANCHES}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_timeline AS ${TIMELINE_BEFORE}`);
  }
}
