import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a stored answer touched: its case and the persons it names. A replay hands the answer out
 * again, so it is decided and audited like a read of that case (the caller may have lost access
 * since), and the audit event names the persons again.
 */
export class IdempotencyScope1763900900000 implements MigrationInterface {
  name = 'IdempotencyScope1763900900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN case_id uuid, ADD COLUMN person_ids uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN person_ids, DROP COLUMN case_id`);
  }
}
