import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox between requests and Redis (design.md §5): rows written with the change, relayed by the worker. */
export class Outbox1763900200000 implements MigrationInterface {
  name = 'Outbox1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        type text NOT NULL,
        case_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_events`);
  }
}
