import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The follow-ups context's record of reschedules (issue 9: the timeline shows them): a PATCH that
 * moves a follow-up's time adds one row, from and to, in the same transaction as the move.
 * Append-only: history is not edited.
 */
export class FollowUpReschedules1764000500200 implements MigrationInterface {
  name = 'FollowUpReschedules1764000500200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_reschedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        follow_up_id uuid NOT NULL REFERENCES follow_ups(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL,
        actor_id uuid NOT NULL REFERENCES users(id),
        at timestamptz NOT NULL,
        CHECK (from_at <> to_at)
      )`);
    await q.query(`CREATE INDEX follow_up_reschedules_case_idx ON follow_up_reschedules (case_id, at)`);
    await q.query(`CREATE INDEX follow_up_reschedules_follow_up_idx ON follow_up_reschedules (follow_up_id, at)`);
    await q.query(`
      CREATE FUNCTION follow_up_reschedules_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'follow-up reschedules are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER follow_up_reschedules_no_change BEFORE UPDATE OR DELETE ON follow_up_reschedules
      FOR EACH ROW EXECUTE FUNCTION follow_up_reschedules_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_up_reschedules`);
    await q.query(`DROP FUNCTION follow_up_reschedules_append_only()`);
  }
}
