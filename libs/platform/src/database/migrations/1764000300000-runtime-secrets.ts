import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets a development or test installation makes for itself when their variable is unset
 * (JWT_SECRET, AUDIT_SIGNING_KEY outside production): random, generated once per database at the
 * first start and kept here, so that the API and the worker agree and a restart keeps tokens valid.
 * The app role may read and add rows, never change one (database/app-role.ts).
 */
export class RuntimeSecrets1764000300000 implements MigrationInterface {
  name = 'RuntimeSecrets1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE runtime_secrets (
        name text PRIMARY KEY,
        value text NOT NULL CHECK (length(value) >= 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE runtime_secrets`);
  }
}
