import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: a read across cases (the case list, one's handovers, the emergency-access list, the
 * agenda) names every case it returned, so that each of those cases' access log shows the read.
 * One event per list, as before, with the cases in `case_ids`; `case_id` stays the one case of a
 * single-case event. The hash chain covers the column (audit-chain.ts: only when it is not empty,
 * so that the events sealed before it existed keep their hashes).
 *
 * ADD COLUMN with a constant default rewrites no row, so this is instant on a large log; the GIN
 * index serves "which events name this case" as audit_events_person_idx does for persons. On a
 * partitioned audit_events both statements reach every partition.
 */
export class AuditCaseIds1766000300000 implements MigrationInterface {
  name = 'AuditCaseIds1766000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN case_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX audit_events_case_ids_idx ON audit_events USING gin (case_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_case_ids_idx`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN case_ids`);
  }
}
