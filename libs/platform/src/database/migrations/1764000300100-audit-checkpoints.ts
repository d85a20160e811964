import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain (design.md §11; libs/audit/src/audit-checkpoints.ts): each
 * says "the chain had this hash at this position", signed with AUDIT_SIGNING_KEY, so that a chain
 * recomputed after a change no longer matches a signature, and a chain cut short falls short of a
 * checkpoint kept elsewhere (the worker logs each one as well).
 * General on purpose: `kind` tells the worker's periodic checkpoints ('sealed') from those a later
 * incremental verification keeps ('verified'), and key_id names the key that signed, for rotation.
 * Append-only like the trail itself (its trigger, and the grant pass leaves the app SELECT, INSERT).
 */
export class AuditCheckpoints1764000300100 implements MigrationInterface {
  name = 'AuditCheckpoints1764000300100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('sealed', 'verified')),
        position bigint NOT NULL CHECK (position > 0),
        hash text NOT NULL,
        at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_checkpoints_position_idx ON audit_checkpoints (kind, position DESC)`);
    await q.query(`CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
  }
}
