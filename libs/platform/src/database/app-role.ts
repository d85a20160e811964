import { escapeIdentifier, escapeLiteral } from 'pg';
import type { QueryRunner } from 'typeorm';

/**
 * The role the API and the worker log in as (issue 15 finding 3). It owns nothing and creates
 * nothing: the schema owner (DATABASE_URL, used only by `npm run migrate` and `npm start`'s prepare
 * step) runs the migrations. A superuser or owner could `SET LOCAL session_replication_role =
 * replica` and rewrite the audit trail past its triggers; this role cannot.
 */
export const DEFAULT_APP_ROLE = 'oneroof_app';

/**
 * The app's login when DATABASE_APP_URL is not set: DATABASE_URL with the user replaced by
 * oneroof_app (its password, if any, kept: the migrate step gives the role that password when it
 * creates it). docker/compose.yml's api and worker already name oneroof_app in DATABASE_URL, which
 * this leaves as it is.
 */
export function deriveAppUrl(ownerUrl: string): string {
  const parsed = new URL(ownerUrl);
  parsed.username = DEFAULT_APP_ROLE;
  return parsed.toString();
}

export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || process.env.PGUSER || process.env.USER || 'postgres';
}

/**
 * Tables whose rows nobody changes once written: the app may read and add, never update, delete or
 * truncate. Every table guarded by the audit trail's append-only trigger counts, so that an audit
 * table another migration adds is covered without a change here; runtime_secrets too (a replaced
 * signing key would let forged checkpoints verify).
 */
const APPEND_ONLY_SQL = `
  SELECT DISTINCT c.relname AS name
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND t.tgfoid = to_regproc('audit_refuse_change')
  UNION SELECT relname FROM pg_class WHERE relname = 'runtime_secrets' AND relnamespace = 'public'::regnamespace`;

/** Creates the app role when missing (never changes an existing one) and sets its default privileges; run as the owner before migrating. */
export async function ensureAppRole(q: QueryRunner, appUrl: string): Promise<{ role: string; skipped?: string }> {
  const role = roleOf(appUrl);
  const [{ owner }] = (await q.query(`SELECT current_user AS owner`)) as { owner: string }[];
  if (role === owner) return { role, skipped: `DATABASE_APP_URL logs in as the owner ${owner}` };
  const existing = (await q.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])) as unknown[];
  if (existing.length === 0) {
    const password = decodeURIComponent(new URL(appUrl).password);
    try {
      await q.query(
        `CREATE ROLE ${escapeIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${
          password ? ` PASSWORD ${escapeLiteral(password)}` : ''
        }`,
      );
    } catch (error) {
      // Another database's migrate (a parallel test run, a second process) made it first: fine.
      const code = (error as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
  const app = escapeIdentifier(role);
  const me = escapeIdentifier(owner);
  await q.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  // Tables and sequences that later migrations add get plain DML at once (never a TRUNCATE, nor DDL);
  // grantAppRole then takes the changing rights off the append-only ones.
  await q.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${me} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
  await q.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${me} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
  return { role };
}

/** After migrating: DML on every table, read and append only on the append-only ones, nothing on the migrations' own table. */
export async function grantAppRole(q: QueryRunner, role: string): Promise<void> {
  const app = escapeIdentifier(role);
  await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
  await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
  await q.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${app}`);
  const appendOnly = (await q.query(APPEND_ONLY_SQL)) as { name: string }[];
  for (const { name } of appendOnly) {
    await q.query(`REVOKE UPDATE, DELETE ON ${escapeIdentifier(name)} FROM ${app}`);
  }
  // The worker makes the audit log's months ahead through this SECURITY DEFINER function (migration
  // 1766000100000): the app role may call it, no other role may (functions are PUBLIC by default).
  const ensure = (await q.query(`SELECT to_regprocedure('public.audit_ensure_partitions(integer)') AS f`)) as { f: string | null }[];
  if (ensure[0]?.f) {
    await q.query(`REVOKE ALL ON FUNCTION audit_ensure_partitions(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_ensure_partitions(integer) TO ${app}`);
  }
  const migrations = (await q.query(`SELECT to_regclass('public.schema_migrations') AS t`)) as { t: string | null }[];
  if (migrations[0]?.t) await q.query(`REVOKE ALL ON schema_migrations FROM ${app}`);
}
