import { Client } from 'pg';
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

/** Applies every pending migration; returns the names of those it applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'oneroof-migrate' });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new ServiceUnreachableError(
      `PostgreSQL at ${redactUrl(databaseUrl)} cannot be reached (${(error as Error).message}); ${POSTGRES_HINT}.`,
    );
  }
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
