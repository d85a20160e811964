import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server tests run against: the machine's Postgres unless TEST_POSTGRES_URL names another. */
export const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_ENV = 'ONEROOF_TEST_TEMPLATE';

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const uniqueSuffix = (): string => `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** A database of its own for one test file, cloned from the migrated template (fast: no migrations run). */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run tests through jest (its globalSetup makes the template).`);
  const name = `oneroof_t_${uniqueSuffix()}`;
  await withServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { name, url: databaseUrl(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
