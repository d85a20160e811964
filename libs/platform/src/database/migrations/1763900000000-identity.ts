import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, users and what login needs to resist guessing (design.md §2, §4). */
export class Identity1763900000000 implements MigrationInterface {
  name = 'Identity1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('centre','police','forensic_medical_service','veilig_thuis','local_team',
          'youth_care','child_protection','mental_health','other')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name))`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        discipline text NOT NULL CHECK (discipline IN ('police','forensic_medicine','social_work','youth_care',
          'mental_health','child_protection')),
        roles text[] NOT NULL DEFAULT '{professional}'
          CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['professional','coordinator','admin']::text[]),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Email is unique whatever its letter case (design.md §2).
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_discipline_idx ON users (discipline, organisation_id)`);
    await q.query(`CREATE INDEX users_roles_idx ON users USING gin (roles)`);
    // Keyed by the normalised email whether or not a user has it, so that a lockout says nothing
    // about which addresses exist.
    await q.query(`
      CREATE TABLE login_lockouts (
        email_key text PRIMARY KEY,
        consecutive_failures integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE login_rate_windows (
        client_ip text NOT NULL,
        window_start timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        PRIMARY KEY (client_ip, window_start)
      )`);
    await q.query(`CREATE INDEX login_rate_windows_start_idx ON login_rate_windows (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_rate_windows`);
    await q.query(`DROP TABLE login_lockouts`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organisations`);
  }
}
