import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8 "tell once": an interview of a child who already has a studio interview is a
 * supplementary interview, with who approved it and why, and whether an interviewer of the first
 * interview is among its interviewers. Records are immutable (intake_records_guard), so these are
 * written once, with the interview.
 *
 * The case_timeline view is stated whole here from the landed texts it builds on (1764000500300's
 * branches, then 1764000820000's conference and safety-plan branches, imported: a landed migration
 * never changes): the only change is the interview branch's detail, between the lines marked
 * "issue 13 (clocks branch), tell once".
 */
import { TIMELINE } from './1764000500300-case-timeline-changes';
import { CONFERENCE_BRANCHES, SAFETY_PLAN_BRANCHES } from './1764000820000-conference-timeline';

/** The interview branch's detail as 1764000500300 states it, and the same with the tell-once fields. */
const INTERVIEW_DETAIL_END = `'recordingReference', i.recording_reference,
           'summary', i.summary),`;
const INTERVIEW_DETAIL_END_TELL_ONCE = `'recordingReference', i.recording_reference,
           'summary', i.summary,
           -- issue 13 (clocks branch), tell once: BEGIN
           'supplementary', CASE WHEN i.supplementary_reason IS NULL THEN NULL::jsonb
             ELSE jsonb_build_object('reason', i.supplementary_reason, 'approvedBy', i.supplementary_approved_by) END,
           'sameInterviewer', i.same_interviewer
           -- issue 13 (clocks branch), tell once: END
           ),`;

/** The view as 1764000820000 states it: 1764000500300's branches, then conferences and safety plans. */
const viewOf = (base: string) => `${base}
  UNION ALL ${CONFERENCE_BRANCHES}
  UNION ALL ${SAFETY_PLAN_BRANCHES}`;

function withTellOnce(base: string): string {
  // The landed text is fixed, so the interview branch stands in it exactly once; say so if it ever does not.
  if (base.split(INTERVIEW_DETAIL_END).length !== 2)
    throw new Error('TellOnce1764000900300: the interview branch of case_timeline was not found once');
  return base.replace(INTERVIEW_DETAIL_END, INTERVIEW_DETAIL_END_TELL_ONCE);
}

const VIEW_BEFORE = viewOf(TIMELINE);
const VIEW_AFTER = viewOf(withTellOnce(TIMELINE));

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
