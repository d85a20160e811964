import { JsonLogger, migrate } from '@oneroof/platform';
import { createTestApp, type TestContext } from '@oneroof/testing';
import { Client } from 'pg';
import request from 'supertest';

/**
 * Issue 15 finding 3: the API and the worker log in as oneroof_app, a role that owns nothing and may
 * only read and add audit rows. Only the migrate step uses the schema owner. Every e2e test runs
 * the API as this role (libs/testing), so they all prove the app works with it; this file proves
 * what the role cannot do.
 */
describe('database role of the app', () => {
  let ctx: TestContext;
  const asApp = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: ctx.config.databaseAppUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  /** The error of one statement in a transaction of its own, as the app role. */
  const failureOf = (sql: string) =>
    asApp(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        return null;
      } catch (error) {
        return error as { code?: string; message: string };
      } finally {
        await client.query('ROLLBACK');
      }
    });

  beforeAll(async () => {
    ctx = await createTestApp();
    const user = await ctx.factory.user({ discipline: 'police' });
    // A request, so that the API's pool holds a connection to look at.
    expect((await request(ctx.app.getHttpServer()).get('/api/me').set('Authorization', user.auth)).status).toBe(200);
  });
  afterAll(() => ctx?.close());

  it("the API's connections log in as oneroof_app, not as the owner", async () => {
    expect(new URL(ctx.config.databaseAppUrl).username).toBe('oneroof_app');
    const rows = await ctx.db.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'oneroof-api'`,
    );
    expect(rows.map((r) => r.usename)).toEqual(['oneroof_app']);
  });

  it('the app role cannot switch off the triggers with session_replication_role', async () => {
    const error = await failureOf(`SET LOCAL session_replication_role = replica`);
    expect(error?.code).toBe('42501');
  });

  it.each(['audit_events', 'audit_chain'])('the app role may read and add to %s but not update, delete or truncate it', async (table) => {
    // Refused by privilege, before any trigger runs (the trigger's message says "append-only").
    for (const sql of [`UPDATE ${table} SET seq = seq`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
      const error = await failureOf(sql);
      expect(error?.code).toBe('42501');
      expect(error?.message).toMatch(/permission denied/);
    }
    const grants = await ctx.db.query<{ select: boolean; insert: boolean }>(
      `SELECT has_table_privilege('oneroof_app', $1, 'SELECT') AS select, has_table_privilege('oneroof_app', $1, 'INSERT') AS insert`,
      [table],
    );
    expect(grants[0]).toEqual({ select: true, insert: true });
  });

  it("every month partition of the audit tables gives the app role exactly its parent's SELECT and INSERT", async () => {
    const partitions = await ctx.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent IN ('audit_events'::regclass, 'audit_chain'::regclass) ORDER BY 1`,
    );
    // This month, the next three and a default partition, of each table.
    expect(partitions.length).toBeGreaterThanOrEqual(10);
    for (const { name } of partitions) {
      const [rights] = await ctx.db.query<Record<string, boolean>>(
        `SELECT has_table_privilege('oneroof_app', $1, 'SELECT') AS select, has_table_privilege('oneroof_app', $1, 'INSERT') AS insert,
                has_table_privilege('oneroof_app', $1, 'UPDATE') AS update, has_table_privilege('oneroof_app', $1, 'DELETE') AS delete,
                has_table_privilege('oneroof_app', $1, 'TRUNCATE') AS truncate`,
        [name],
      );
      expect({ name, ...rights }).toEqual({ name, select: true, insert: true, update: false, delete: false, truncate: false });
      for (const sql of [`UPDATE ${name} SET seq = seq`, `DELETE FROM ${name}`, `TRUNCATE ${name}`]) {
        expect((await failureOf(sql))?.code).toBe('42501');
      }
    }
  });

  it('the SECURITY DEFINER partition function runs for the app role and no other role', async () => {
    const rows = await ctx.db.query<{ app: boolean; others: string[] }>(
      `SELECT has_function_privilege('oneroof_app', 'audit_ensure_partitions(integer)', 'EXECUTE') AS app,
              ARRAY(SELECT r.rolname::text FROM pg_roles r
                     WHERE NOT r.rolsuper AND r.rolname NOT IN ('oneroof_app', current_user) AND r.rolname !~ '^pg_'
                       AND has_function_privilege(r.oid, 'audit_ensure_partitions(integer)', 'EXECUTE')) AS others`,
    );
    expect(rows[0]).toEqual({ app: true, others: [] });
  });

  it('the app role owns nothing, creates nothing and is no superuser', async () => {
    const [role] = await ctx.db.query<{ owned: number; create: boolean; superuser: boolean; createrole: boolean; createdb: boolean }>(
      `SELECT (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned,
              has_schema_privilege(r.rolname, 'public', 'CREATE') AS create,
              r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb
         FROM pg_roles r WHERE r.rolname = 'oneroof_app'`,
    );
    expect(role).toEqual({ owned: 0, create: false, superuser: false, createrole: false, createdb: false });
    expect((await failureOf(`CREATE TABLE app_made (id int)`))?.code).toBe('42501');
    expect((await failureOf(`SELECT * FROM schema_migrations`))?.code).toBe('42501');
  });

  it("a later migration's tables get DML by default, and an append-only one loses update and delete at the grant pass", async () => {
    await ctx.db.query(`CREATE TABLE later_plain (id int)`);
    await ctx.db.query(`CREATE TABLE later_trail (id int)`);
    await ctx.db.query(
      `CREATE TRIGGER later_trail_no_change BEFORE UPDATE OR DELETE ON later_trail FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    );
    const rights = (table: string) =>
      ctx.db.query<{ ins: boolean; upd: boolean; del: boolean; trunc: boolean }>(
        `SELECT has_table_privilege('oneroof_app', $1, 'INSERT') AS ins, has_table_privilege('oneroof_app', $1, 'UPDATE') AS upd,
                has_table_privilege('oneroof_app', $1, 'DELETE') AS del, has_table_privilege('oneroof_app', $1, 'TRUNCATE') AS trunc`,
        [table],
      );
    // ALTER DEFAULT PRIVILEGES: no grant written by the migration itself.
    expect((await rights('later_plain'))[0]).toEqual({ ins: true, upd: true, del: true, trunc: false });
    await migrate(ctx.config.databaseUrl);
    expect((await rights('later_plain'))[0]).toEqual({ ins: true, upd: true, del: true, trunc: false });
    expect((await rights('later_trail'))[0]).toEqual({ ins: true, upd: false, del: false, trunc: false });
  });

  it('a start as a superuser says so in one warning; a start as the app role does not', async () => {
    const lines: string[] = [];
    const logger = new JsonLogger('api', 'info', (line) => lines.push(line));
    const asOwner = await createTestApp({ DATABASE_APP_URL: ctx.config.databaseUrl }, { logger });
    try {
      const warnings = lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'warn');
      expect(warnings.filter((w) => /superuser/.test(w.msg))).toHaveLength(1);
      expect(warnings.find((w) => /superuser/.test(w.msg))!.msg).toMatch(/^[^.]*DATABASE_APP_URL[^]*\.$/);
    } finally {
      await asOwner.close();
    }
    lines.length = 0;
    const asApp = await createTestApp({}, { logger });
    await asApp.close();
    expect(lines.filter((l) => /superuser/.test(l))).toEqual([]);
  });
});
