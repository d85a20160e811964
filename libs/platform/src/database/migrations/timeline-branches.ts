/**
 * The branches of the case_timeline view, each list as the migration that introduced it wrote it.
 * Each migration that changes the timeline states the whole view from these (timelineView below),
 * so that the view follows the source, not whatever database a migration happens to run on.
 *
 * Frozen: a landed migration's view is built from these constants, so none of them is ever edited.
 * A later change to the timeline adds a constant of its own (named after its migration) and states
 * the whole view again in its up and down.
 */

/** Every branch yields these columns, in this order; the first branch names them. */
export const TIMELINE_COLUMNS = 'case_id, at, sort_key, kind, actor_id, subject_id, restricted_discipline, detail, person_ids, disclosure';

/** 1763900300000-cases: the case, its persons, team, entries and emergency access. */
export const CASES_TIMELINE_1763900300000 = `
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
               jsonb_build_object('reason', g.reason, 'expiresAt', g.expires_at), '{}'::uuid[], NULL
          FROM emergency_access_grants g`;

const disclosure = (t: string) => `CASE WHEN ${t}.disclosed_at IS NOT NULL THEN jsonb_build_object('summary', ${t}.disclosure_summary,
                 'legalBasis', ${t}.disclosure_legal_basis, 'note', ${t}.disclosure_note, 'disclosedAt', ${t}.disclosed_at,
                 'disclosedBy', ${t}.disclosed_by) END`;

/**
 * 1763900500000-intake: interviews and examinations, restricted to their author's discipline,
 * with their disclosure (shown to the whole team) in the disclosure column; assessments; the intake.
 */
export const INTAKE_TIMELINE_1763900500000 = `
        SELECT i.case_id, i.created_at, 'iv:' || lpad(i.seq::text, 20, '0'), 'interview.recorded', i.author_id, i.id, i.author_discipline,
               jsonb_build_object('personId', i.person_id, 'kind', i.kind, 'conductedAt', i.conducted_at, 'durationMinutes', i.duration_minutes,
                 'location', i.location, 'interviewerIds', to_jsonb(i.interviewer_ids), 'recordingReference', i.recording_reference,
                 'summary', i.summary),
               ARRAY[i.person_id], ${disclosure('i')}
          FROM intake_interviews i
        UNION ALL
        SELECT x.case_id, x.created_at, 'ix:' || lpad(x.seq::text, 20, '0'), 'examination.recorded', x.author_id, x.id, x.author_discipline,
               jsonb_build_object('personId', x.person_id, 'examinedAt', x.examined_at, 'context', x.context, 'consent', x.consent,
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
               jsonb_build_object('scheduledAt', k.scheduled_at, 'participantIds', to_jsonb(k.participant_ids)),
               '{}'::uuid[], NULL::jsonb
          FROM intakes k
        UNION ALL
        SELECT k.case_id, k.concluded_at, 'ic:' || k.id::text, 'intake.concluded', k.concluded_by, k.id, NULL::text,
               jsonb_build_object('decision', k.decision, 'safety', k.safety, 'leadUserId', k.lead_user_id, 'actions', k.actions,
                 'waivedDisciplines', k.waived_disciplines),
               '{}'::uuid[], NULL::jsonb
          FROM intakes k WHERE k.concluded_at IS NOT NULL`;

/** 1763900600000-follow-ups: scheduled, and closed (done, missed, cancelled). */
export const FOLLOW_UPS_TIMELINE_1763900600000 = `
        SELECT f.case_id, f.created_at, 'fs:' || lpad(f.seq::text, 20, '0'), 'follow_up.scheduled', f.created_by, f.id, NULL::text,
               jsonb_build_object('kind', f.kind, 'title', f.title, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id,
                 'status', f.status, 'origin', f.origin),
               f.person_ids, NULL::jsonb
          FROM follow_ups f
        UNION ALL
        SELECT f.case_id, f.closed_at, 'fz:' || lpad(f.seq::text, 20, '0'), 'follow_up.' || f.status, f.closed_by, f.id, NULL::text,
               jsonb_build_object('kind', f.kind, 'scheduledAt', f.scheduled_at, 'assigneeId', f.assignee_id, 'outcome', f.outcome),
               f.person_ids, NULL::jsonb
          FROM follow_ups f WHERE f.closed_at IS NOT NULL`;

/**
 * 1763900700000-handovers: the handover rows live in a view of their own (case_timeline_handovers,
 * created by that migration), which the timeline reads as one branch.
 */
export const HANDOVERS_TIMELINE_1763900700000 = `
        SELECT ${TIMELINE_COLUMNS} FROM case_timeline_handovers`;

/**
 * The whole view from its branch lists, oldest first. CREATE OR REPLACE keeps the view's grants
 * and dependants; every list yields the same columns, so adding or taking out a list is allowed.
 */
export const timelineView = (...branchLists: string[]): string =>
  `CREATE OR REPLACE VIEW case_timeline AS ${branchLists.join('\n        UNION ALL')}`;
