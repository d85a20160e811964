import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sealing and verifying the audit chain (libs/audit/src/audit-chain.ts).
 * - audit_chain.event_id: the uuid of the sealed event, so that verification can name an event
 *   whose row has been removed (the hash covers the event's id already; this only locates it).
 *   Nullable and without default: adding it rewrites nothing and touches no existing row.
 * - The sealer dequeues from audit_seal_queue: the application role may read, add and remove
 *   queue entries (the queue is a work list, not part of the trail).
 * The search needs no index beyond those of the audit migration (case, actor, action, person, at).
 */
export class AuditChainEvent1763900150000 implements MigrationInterface {
  name = 'AuditChainEvent1763900150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain ADD COLUMN event_id uuid`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oneroof_app') THEN
          GRANT SELECT, INSERT, DELETE ON audit_seal_queue TO oneroof_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_chain DROP COLUMN event_id`);
  }
}
