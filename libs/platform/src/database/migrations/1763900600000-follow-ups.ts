import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CASES_TIMELINE_1763900300000,
  FOLLOW_UPS_TIMELINE_1763900600000,
  INTAKE_TIMELINE_1763900500000,
  timelineView,
} from './timeline-branches';

/**
 * Follow-ups (design.md §2): visits, calls and meetings with reminders and an overdue notice,
 * both durable timers (table `timers`) moved and cancelled in the follow-up's own transaction.
 * Calendar feed tokens are kept as hashes only.
 */
export class FollowUps1763900600000 implements MigrationInterface {
  name = 'FollowUps1763900600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('home_visit','phone_call','meeting','case_conference','other')),
        title text,
        scheduled_at timestamptz NOT NULL,
        assignee_id uuid NOT NULL REFERENCES users(id),
        person_ids uuid[] NOT NULL DEFAULT '{}',
        remind_before_minutes integer[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','done','missed','cancelled')),
        outcome text,
        origin text NOT NULL DEFAULT 'team' CHECK (origin IN ('team','intake')),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'planned') = (closed_at IS NULL))
      )`);
    await q.query(`CREATE INDEX follow_ups_case_idx ON follow_ups (case_id, scheduled_at, id)`);
    await q.query(`CREATE INDEX follow_ups_agenda_idx ON follow_ups (assignee_id, scheduled_at, id)`);

    // A closed case plans nothing more: its planned follow-ups are cancelled and their reminders
    // and overdue notices removed in the closing transaction, so that none fires for a closed case.
    await q.query(`
      CREATE FUNCTION follow_ups_cancel_on_case_close() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM timers t USING follow_ups f
         WHERE f.case_id = NEW.id AND f.status = 'planned' AND t.key LIKE 'follow\\_up:' || f.id::text || ':%';
        UPDATE follow_ups SET status = 'cancelled', outcome = COALESCE(outcome, 'case closed'), closed_at = NEW.closed_at,
               closed_by = NEW.closed_by, updated_at = NEW.closed_at, version = version + 1
         WHERE case_id = NEW.id AND status = 'planned';
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER follow_ups_case_closed AFTER UPDATE OF status ON cases
      FOR EACH ROW WHEN (NEW.status = 'closed' AND OLD.status <> 'closed') EXECUTE FUNCTION follow_ups_cancel_on_case_close()`);

    // GET /api/me/follow-ups.ics?token=…: one feed token per user, kept only as its SHA-256.
    await q.query(`
      CREATE TABLE follow_up_feed_tokens (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL
      )`);

    await q.query(timelineView(CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000, FOLLOW_UPS_TIMELINE_1763900600000));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(timelineView(CASES_TIMELINE_1763900300000, INTAKE_TIMELINE_1763900500000));
    await q.query(`DROP TABLE follow_up_feed_tokens`);
    await q.query(`DROP TRIGGER follow_ups_case_closed ON cases`);
    await q.query(`DROP FUNCTION follow_ups_cancel_on_case_close()`);
    await q.query(`DROP TABLE follow_ups`);
  }
}
