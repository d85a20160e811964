import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: the GIN index on audit_events.case_ids made like the person index (migration
 * 1766000100000), with fastupdate off. With it on, every new event's entry waits in the index's
 * pending list until a vacuum merges it, and each search by case reads the whole list of every
 * month: 0.2–3.8 ms a month, 23 ms a search at 10M events in the bench with autovacuum off, where
 * the rest of the search took under 2 ms. An event carries case ids only when it is a list read,
 * so the cost on the write is small.
 *
 * A partitioned index takes no storage parameter by ALTER (Postgres refuses it), so the index is
 * made again, on every month: on a large log this migration runs for as long as building one GIN
 * index over the log takes (mostly empty arrays), and search by case is slow until it is done.
 */
export class AuditCaseIdsFastupdateOff1767000500000 implements MigrationInterface {
  name = 'AuditCaseIdsFastupdateOff1767000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_case_ids_idx`);
    await q.query(`CREATE INDEX audit_events_case_ids_idx ON audit_events USING gin (case_ids) WITH (fastupdate = off)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_case_ids_idx`);
    await q.query(`CREATE INDEX audit_events_case_ids_idx ON audit_events USING gin (case_ids)`);
  }
}
