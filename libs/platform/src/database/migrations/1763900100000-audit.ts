import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NEN 7513 audit trail (design.md §2, §3). Append-only at the database level: triggers refuse
 * UPDATE, DELETE and TRUNCATE for everyone, owner included, and PUBLIC holds no such privilege.
 * The hash chain lives in a table of its own (audit_chain), also append-only, filled by the sealer
 * in commit order from audit_seal_queue.
 */
export class Audit1763900100000 implements MigrationInterface {
  name = 'Audit1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_discipline text,
        actor_organisation_id uuid,
        on_behalf_of_id uuid,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id uuid,
        case_id uuid,
        person_ids uuid[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL CHECK (outcome IN ('success','denied','error')),
        purpose text NOT NULL CHECK (purpose IN ('team_member','prospective_receiver','emergency_access',
          'coordinator_oversight','administration')),
        request_id text,
        ip text,
        user_agent text
      )`);
    // Search by case, actor, person, action and time, newest first (design.md §4 audit search).
    await q.query(`CREATE INDEX audit_events_case_idx ON audit_events (case_id, at DESC, seq DESC) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, seq DESC)`);
    await q.query(`CREATE INDEX audit_events_person_idx ON audit_events USING gin (person_ids)`);

    await q.query(`CREATE TABLE audit_seal_queue (seq bigint PRIMARY KEY)`);
    await q.query(`
      CREATE TABLE audit_chain (
        position bigint PRIMARY KEY,
        seq bigint NOT NULL UNIQUE,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_chain']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
    // Where the application connects as a role of its own (docker/postgres-init.sql makes one), that
    // role may only add and read audit rows.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oneroof_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_chain FROM oneroof_app;
          GRANT SELECT, INSERT ON audit_events, audit_chain TO oneroof_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain`);
    await q.query(`DROP TABLE audit_seal_queue`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
  }
}
