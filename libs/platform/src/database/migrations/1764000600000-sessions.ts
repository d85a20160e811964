import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §9: server-side sessions behind the 15-minute access tokens, and their refresh tokens.
 * A refresh token is stored only as its SHA-256: a copy of this table opens no session. A used
 * token stays, so that presenting it again is recognised as reuse and ends the whole session.
 */
export class Sessions1764000600000 implements MigrationInterface {
  name = 'Sessions1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('logout','refresh_reuse','idle','expired','deactivated','ended_by_user','ended_by_admin')),
        user_agent text CHECK (length(user_agent) <= 500),
        ip text CHECK (length(ip) <= 64),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CHECK (expires_at > created_at)
      )`);
    // The per-request check reads one session by id; the lists and the mass endings read a user's live ones.
    await q.query(`CREATE INDEX sessions_user_live_idx ON sessions (user_id, created_at DESC) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE session_refresh_tokens (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX session_refresh_tokens_session_idx ON session_refresh_tokens (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_refresh_tokens`);
    await q.query(`DROP TABLE sessions`);
  }
}
