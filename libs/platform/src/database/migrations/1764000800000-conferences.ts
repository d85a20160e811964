import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case conferences (MDO, design.md §7): the conference with the chair's record (family participation,
 * the child's view, minutes, decisions, actions, next review) and its addenda; and follow-ups of
 * origin `conference`, which a record's actions become. The timeline rows: 1764000820000.
 */
export class Conferences1764000800000 implements MigrationInterface {
  name = 'Conferences1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_conferences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('planning','review','acute','closing')),
        scheduled_at timestamptz NOT NULL,
        chair_id uuid NOT NULL REFERENCES users(id),
        -- As scheduled; participant_ids becomes who attended once the conference is held.
        scheduled_participant_ids uuid[] NOT NULL DEFAULT '{}',
        participant_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','cancelled')),
        held_at timestamptz,
        family_participation jsonb CHECK (family_participation IS NULL OR jsonb_typeof(family_participation) = 'object'),
        child_view jsonb CHECK (child_view IS NULL OR jsonb_typeof(child_view) = 'object'),
        minutes text,
        decisions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(decisions) = 'array'),
        actions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(actions) = 'array'),
        next_review_at timestamptz,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users(id),
        cancel_reason text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'held') = (held_at IS NOT NULL AND recorded_at IS NOT NULL AND family_participation IS NOT NULL AND child_view IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_conferences_case_idx ON case_conferences (case_id, scheduled_at, id)`);
    // The roster's "next review due": the latest held conference of each case.
    await q.query(`CREATE INDEX case_conferences_held_idx ON case_conferences (case_id, held_at DESC) WHERE status = 'held'`);
    await q.query(`
      CREATE TABLE conference_addenda (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        conference_id uuid NOT NULL REFERENCES case_conferences(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        author_id uuid NOT NULL REFERENCES users(id),
        text text NOT NULL CHECK (length(text) > 0),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX conference_addenda_conference_idx ON conference_addenda (conference_id, seq)`);

    // A conference's actions become follow-ups of origin `conference` (design.md §7).
    await q.query(`ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_origin_check,
      ADD CONSTRAINT follow_ups_origin_check CHECK (origin IN ('team','intake','conference'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM timers t USING follow_ups f WHERE f.origin = 'conference' AND t.key LIKE 'follow\\_up:' || f.id::text || ':%'`,
    );
    await q.query(`DELETE FROM follow_ups WHERE origin = 'conference'`);
    await q.query(`ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_origin_check,
      ADD CONSTRAINT follow_ups_origin_check CHECK (origin IN ('team','intake'))`);
    await q.query(`DROP TABLE conference_addenda`);
    await q.query(`DROP TABLE case_conferences`);
  }
}
