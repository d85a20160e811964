import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review roster (design.md §7, libs/conferences review-roster.service.ts) finds the cases with a
 * clock that still runs and is due by the roster's day: one range of this partial index over the
 * clock summary's running rows, instead of a scan of every clock of every case.
 */
export class ClockSummaryRunningIndex1766000600000 implements MigrationInterface {
  name = 'ClockSummaryRunningIndex1766000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX case_clock_summary_running_due_idx ON case_clock_summary (due_at) WHERE stopped_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_clock_summary_running_due_idx`);
  }
}
