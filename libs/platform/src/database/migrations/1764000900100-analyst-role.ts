import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * design.md §8: the `analyst` role (figures only). It stands alone, so that an analyst can never
 * also work a case or administer: the API refuses the combination, and so does the table.
 */
export class AnalystRole1764000900100 implements MigrationInterface {
  name = 'AnalystRole1764000900100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_check
      CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['professional','coordinator','analyst','admin']::text[]
             AND (NOT 'analyst' = ANY (roles) OR roles = '{analyst}'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_check
      CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['professional','coordinator','admin']::text[])`);
  }
}
