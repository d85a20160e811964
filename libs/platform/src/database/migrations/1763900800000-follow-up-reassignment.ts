import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A follow-up is never left with someone who has left the team (design.md §2 Follow-up, §3): when a
 * membership ends (removal, leaving, an accepted handover, the lead moving at intake conclusion),
 * the departed user's planned follow-ups in that case pass to whoever now carries them, and their
 * armed reminders and overdue notice name the new assignee. Owned by follow-ups and done in the
 * database, like the cancel on close, so that the cases and handovers contexts need not know of
 * follow-ups.
 *
 * Checked at commit (a deferred constraint trigger), when the transaction's team is final:
 * - the departed user is a current member again (the intake conclusion ends a lead's row and adds
 *   them back as member; a role change likewise): nothing moves;
 * - the case is closed (closing cancels its follow-ups) or has no lead: nothing moves;
 * - otherwise the heir is the receiver of the handover from that user in that case that was
 *   accepted during the membership that ended, if they are a current member; else the current lead.
 * Each moved follow-up's version rises, so that a write naming the old version gets 409.
 */
export class FollowUpReassignment1763900800000 implements MigrationInterface {
  name = 'FollowUpReassignment1763900800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION follow_ups_reassign_on_membership_end() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        heir uuid;
        moved_at timestamptz := CASE WHEN TG_OP = 'UPDATE' THEN NEW.until ELSE now() END;
      BEGIN
        IF EXISTS (SELECT 1 FROM case_memberships WHERE case_id = OLD.case_id AND user_id = OLD.user_id AND until IS NULL) THEN
          RETURN NULL;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND status <> 'closed') THEN
          RETURN NULL;
        END IF;
        SELECT h.to_user_id INTO heir
          FROM handovers h
         WHERE h.case_id = OLD.case_id AND h.from_user_id = OLD.user_id AND h.status = 'accepted' AND h.accepted_at >= OLD.since
           AND EXISTS (SELECT 1 FROM case_memberships m WHERE m.case_id = OLD.case_id AND m.user_id = h.to_user_id AND m.until IS NULL)
         ORDER BY h.accepted_at DESC, h.id
         LIMIT 1;
        IF heir IS NULL THEN
          SELECT user_id INTO heir FROM case_memberships WHERE case_id = OLD.case_id AND role = 'lead' AND until IS NULL;
        END IF;
        IF heir IS NULL THEN
          RETURN NULL;
        END IF;
        WITH moved AS (
          UPDATE follow_ups SET assignee_id = heir, updated_at = GREATEST(updated_at, moved_at), version = version + 1
           WHERE case_id = OLD.case_id AND assignee_id = OLD.user_id AND status = 'planned'
          RETURNING id
        )
        UPDATE timers t SET payload = jsonb_set(t.payload, '{assigneeId}', to_jsonb(heir::text)), updated_at = now()
          FROM moved f
         WHERE t.key LIKE 'follow\\_up:' || f.id::text || ':%' AND t.fired_at IS NULL;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER follow_ups_reassign_on_membership_ended AFTER UPDATE OF until ON case_memberships
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.until IS NULL AND NEW.until IS NOT NULL)
      EXECUTE FUNCTION follow_ups_reassign_on_membership_end()`);
    await q.query(`CREATE CONSTRAINT TRIGGER follow_ups_reassign_on_membership_deleted AFTER DELETE ON case_memberships
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.until IS NULL)
      EXECUTE FUNCTION follow_ups_reassign_on_membership_end()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER follow_ups_reassign_on_membership_deleted ON case_memberships`);
    await q.query(`DROP TRIGGER follow_ups_reassign_on_membership_ended ON case_memberships`);
    await q.query(`DROP FUNCTION follow_ups_reassign_on_membership_end()`);
  }
}
