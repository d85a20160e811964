import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §9 two factors, step-up and unusual access (issue 14).
 *
 * - user_totp: one TOTP secret a user; pending until confirmed with a code. last_used_step is the
 *   RFC 6238 time step of the last code accepted: a code is accepted only for a later step, so no
 *   code works twice (not even within its window).
 * - user_recovery_codes: only the SHA-256 of each code (80 random bits: no offline guessing).
 * - mfa_challenges: the single-use mfaToken between the password and the code (hash only).
 * - sessions.second_factor_at: when this session last proved a second factor (login, enrolment,
 *   step-up); step-up reads it.
 * - unusual_access_flags and its progress row: the worker's flags and where its last run stopped.
 */
export class SecondFactor1765000200000 implements MigrationInterface {
  name = 'SecondFactor1765000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_totp (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        last_used_step bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE user_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX user_recovery_codes_user_idx ON user_recovery_codes (user_id)`);
    await q.query(`
      CREATE TABLE mfa_challenges (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at)`);
    await q.query(`ALTER TABLE sessions ADD COLUMN second_factor_at timestamptz`);
    await q.query(`
      CREATE TABLE unusual_access_flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule text NOT NULL CHECK (rule IN ('person_many_readers', 'user_many_emergency_accesses', 'user_many_cases')),
        user_id uuid,
        person_id uuid,
        observed integer NOT NULL,
        threshold integer NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        raised_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reviewed')),
        review_note text,
        reviewed_by uuid,
        reviewed_at timestamptz,
        CHECK ((rule = 'person_many_readers') = (person_id IS NOT NULL)),
        CHECK ((rule = 'person_many_readers') = (user_id IS NULL))
      )`);
    await q.query(`CREATE INDEX unusual_access_flags_status_idx ON unusual_access_flags (status, raised_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX unusual_access_flags_subject_idx ON unusual_access_flags (rule, coalesce(user_id, person_id), window_end DESC)`,
    );
    await q.query(`
      CREATE TABLE unusual_access_progress (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_seq bigint NOT NULL
      )`);
    // A fresh installation starts from the log's present end: the past is not re-flagged in one burst.
    await q.query(`INSERT INTO unusual_access_progress (id, last_seq) SELECT 1, coalesce(max(seq), 0) FROM audit_events`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unusual_access_progress`);
    await q.query(`DROP TABLE unusual_access_flags`);
    await q.query(`ALTER TABLE sessions DROP COLUMN second_factor_at`);
    await q.query(`DROP TABLE mfa_challenges`);
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`DROP TABLE user_totp`);
  }
}
