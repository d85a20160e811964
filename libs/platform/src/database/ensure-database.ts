import { Client } from 'pg';
import { deriveAppUrl, ensureAppRole, grantAppRole } from './app-role';
import { createDataSource } from './data-source';

/** The maintenance database on the same server: where CREATE DATABASE is issued from. */
function maintenanceUrl(databaseUrl: string): { url: string; name: string } {
  const parsed = new URL(databaseUrl);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL (${redactUrl(databaseUrl)}) names no database.`);
  parsed.pathname = '/postgres';
  return { url: parsed.toString(), name };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export class ServiceUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceUnreachableError';
  }
}

export const POSTGRES_HINT =
  "start it with `docker compose -f docker/compose.yml up -d postgres`, or with your distribution's packages (for example `pg_ctlcluster 15 main start`)";

/** Creates the database named in the URL when it does not exist yet; says in one sentence if the server is unreachable. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { url, name } = maintenanceUrl(databaseUrl);
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ServiceUnreachableError(
      `PostgreSQL at ${redactUrl(databaseUrl)} cannot be reached (${(error as Error).message || (error as { code?: string }).code}); ${POSTGRES_HINT}.`,
    );
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    const quoted = `"${name.replace(/"/g, '""')}"`;
    try {
      await client.query(`CREATE DATABASE ${quoted}`);
    } catch (error) {
      // Two processes starting at once may both try; the loser finds it made.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/**
 * As the schema owner (DATABASE_URL): creates the app role when missing, applies every pending
 * migration, then grants the app role what it may do (app-role.ts). Returns the names of the
 * migrations it applied. `npm start`, `npm run migrate` and the test template all come through here.
 */
export async function migrate(databaseUrl: string, appUrl: string = deriveAppUrl(databaseUrl)): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'oneroof-migrate' });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new ServiceUnreachableError(
      `PostgreSQL at ${redactUrl(databaseUrl)} cannot be reached (${(error as Error).message}); ${POSTGRES_HINT}.`,
    );
  }
  try {
    const runner = dataSource.createQueryRunner();
    let role: { role: string; skipped?: string };
    try {
      role = await ensureAppRole(runner, appUrl);
    } finally {
      await runner.release();
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (!role.skipped) {
      const grants = dataSource.createQueryRunner();
      try {
        await grantAppRole(grants, role.role);
      } finally {
        await grants.release();
      }
    }
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * For the API and the worker, which never create or migrate: that they can log in as the app role.
 * A missing role or database is one sentence that says to migrate first.
 */
export async function checkDatabase(appUrl: string): Promise<void> {
  const client = new Client({ connectionString: appUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '28000' || code === '28P01' || code === '3D000') {
      throw new ServiceUnreachableError(
        `PostgreSQL at ${redactUrl(appUrl)} refuses the login (${(error as Error).message}); run \`npm run migrate\` (it creates the database and the app role) or set DATABASE_APP_URL.`,
      );
    }
    throw new ServiceUnreachableError(
      `PostgreSQL at ${redactUrl(appUrl)} cannot be reached (${(error as Error).message || code}); ${POSTGRES_HINT}.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
