import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CASES_TIMELINE_1763900300000,
  FOLLOW_UPS_TIMELINE_1763900600000,
  HANDOVERS_TIMELINE_1763900700000,
  INTAKE_TIMELINE_1763900500000,
  timelineView,
} from './timeline-branches';

/** The timeline's handover rows live in a view of their own, so that `down` can take exactly them out again. */
const HANDOVER_BRANCHES_VIEW = 'case_timeline_handovers';
const BEFORE_HANDOVERS = [CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000, FOLLOW_UPS_TIMELINE_1763900600000];

/**
 * Warm transfer (design.md §2 Handover): the cases migration made a minimal `handovers` table for
 * access; this one gives it the checklist, the deadline, the meeting and the timestamps of every
 * transition, a version for concurrent transitions, and the handover rows of the case timeline.
 * Columns are nullable where rows from before this migration (or made by other contexts' tests
 * with only the access columns) must stay valid.
 */
export class Handovers1763900700000 implements MigrationInterface {
  name = 'Handovers1763900700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE handovers
        ADD COLUMN reason text,
        ADD COLUMN checklist jsonb,
        ADD COLUMN respond_by timestamptz,
        ADD COLUMN meeting jsonb,
        ADD COLUMN briefed_at timestamptz,
        ADD COLUMN briefed_by uuid REFERENCES users(id),
        ADD COLUMN accepted_at timestamptz,
        ADD COLUMN accept_note text,
        ADD COLUMN declined_at timestamptz,
        ADD COLUMN decline_reason text,
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN withdraw_reason text,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN updated_at timestamptz,
        ADD CONSTRAINT handovers_respond_by_after_proposal CHECK (respond_by IS NULL OR respond_by > proposed_at),
        ADD CONSTRAINT handovers_checklist_object CHECK (checklist IS NULL OR jsonb_typeof(checklist) = 'object'),
        ADD CONSTRAINT handovers_meeting_object CHECK (meeting IS NULL OR jsonb_typeof(meeting) = 'object'),
        ADD CONSTRAINT handovers_briefed_at_status CHECK (briefed_at IS NULL OR status IN ('briefed','accepted','declined','withdrawn')),
        ADD CONSTRAINT handovers_accepted_at_status CHECK (accepted_at IS NULL OR (status = 'accepted' AND briefed_at IS NOT NULL)),
        ADD CONSTRAINT handovers_declined_at_status CHECK (declined_at IS NULL OR status = 'declined'),
        ADD CONSTRAINT handovers_withdrawn_at_status CHECK (withdrawn_at IS NULL OR status = 'withdrawn')`);
    // "My handovers" both ways, newest first; the coordinators' report by proposal time; a case's handovers.
    await q.query(`CREATE INDEX handovers_outgoing_idx ON handovers (from_user_id, proposed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX handovers_incoming_idx ON handovers (to_user_id, proposed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX handovers_proposed_idx ON handovers (proposed_at, id)`);
    await q.query(`CREATE INDEX handovers_case_idx ON handovers (case_id, proposed_at)`);

    // Checklist and meeting are team-level content (restricted_discipline NULL): everyone who may
    // read the case's content may read how it was handed over.
    await q.query(`
      CREATE VIEW ${HANDOVER_BRANCHES_VIEW} AS
        SELECT h.case_id, h.proposed_at AS at, 'h1:' || h.id::text AS sort_key, 'handover.proposed' AS kind,
               h.from_user_id AS actor_id, h.id AS subject_id, NULL::text AS restricted_discipline,
               jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'reason', h.reason,
                 'checklist', h.checklist, 'respondBy', h.respond_by) AS detail,
               '{}'::uuid[] AS person_ids, NULL::jsonb AS disclosure
          FROM handovers h
        UNION ALL
        SELECT h.case_id, h.briefed_at, 'h2:' || h.id::text, 'handover.briefed', h.briefed_by, h.id, NULL,
               jsonb_build_object('handoverId', h.id, 'heldAt', h.meeting->'heldAt', 'participantIds', h.meeting->'participantIds',
                 'familyPresent', h.meeting->'familyPresent', 'notes', h.meeting->'notes'), '{}'::uuid[], NULL
          FROM handovers h WHERE h.briefed_at IS NOT NULL
        UNION ALL
        SELECT h.case_id, h.accepted_at, 'h3:' || h.id::text, 'handover.accepted', h.to_user_id, h.id, NULL,
               jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'note', h.accept_note),
               '{}'::uuid[], NULL
          FROM handovers h WHERE h.accepted_at IS NOT NULL
        UNION ALL
        SELECT h.case_id, h.declined_at, 'h3:' || h.id::text, 'handover.declined', h.to_user_id, h.id, NULL,
               jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'reason', h.decline_reason),
               '{}'::uuid[], NULL
          FROM handovers h WHERE h.declined_at IS NOT NULL
        UNION ALL
        SELECT h.case_id, h.withdrawn_at, 'h3:' || h.id::text, 'handover.withdrawn', h.from_user_id, h.id, NULL,
               jsonb_build_object('handoverId', h.id, 'fromUserId', h.from_user_id, 'toUserId', h.to_user_id, 'reason', h.withdraw_reason),
               '{}'::uuid[], NULL
          FROM handovers h WHERE h.withdrawn_at IS NOT NULL`);
    await q.query(timelineView(...BEFORE_HANDOVERS, HANDOVERS_TIMELINE_1763900700000));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(timelineView(...BEFORE_HANDOVERS));
    await q.query(`DROP VIEW ${HANDOVER_BRANCHES_VIEW}`);
    await q.query(`DROP INDEX handovers_case_idx`);
    await q.query(`DROP INDEX handovers_proposed_idx`);
    await q.query(`DROP INDEX handovers_incoming_idx`);
    await q.query(`DROP INDEX handovers_outgoing_idx`);
    await q.query(`
      ALTER TABLE handovers
        DROP CONSTRAINT handovers_withdrawn_at_status,
        DROP CONSTRAINT handovers_declined_at_status,
        DROP CONSTRAINT handovers_accepted_at_status,
        DROP CONSTRAINT handovers_briefed_at_status,
        DROP CONSTRAINT handovers_meeting_object,
        DROP CONSTRAINT handovers_checklist_object,
        DROP CONSTRAINT handovers_respond_by_after_proposal,
        DROP COLUMN updated_at,
        DROP COLUMN version,
        DROP COLUMN withdraw_reason,
        DROP COLUMN withdrawn_at,
        DROP COLUMN decline_reason,
        DROP COLUMN declined_at,
        DROP COLUMN accept_note,
        DROP COLUMN accepted_at,
        DROP COLUMN briefed_by,
        DROP COLUMN briefed_at,
        DROP COLUMN meeting,
        DROP COLUMN respond_by,
        DROP COLUMN checklist,
        DROP COLUMN reason`);
  }
}
