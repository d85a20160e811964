import { TEMPLATE_ENV, withServer } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`));
}
