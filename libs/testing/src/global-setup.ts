// globalSetup runs outside Jest's module map, so the alias cannot be used here.
import { migrate } from '../../platform/src/database/ensure-database';
import { databaseUrl, TEMPLATE_ENV, uniqueSuffix, withServer } from './databases';

const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * The whole build (server and web app), once, before any test file starts: `npm run build` begins
 * with `rm -rf dist`, so a file that built it while another file's API served dist/web left that
 * page without its scripts (CI saw an empty page for 60 s). Test files only check that it is there.
 */
function buildIfNeeded(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS build scripts at the root
  const server = require('../../../scripts/build-if-needed.js') as { buildIfNeeded(options?: { tolerateTypeErrors?: boolean }): void };
  server.buildIfNeeded({ tolerateTypeErrors: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS build scripts at the root
  const web = require('../../../scripts/build-web.js') as { buildWeb(): void; needsBuild(): boolean };
  if (web.needsBuild()) web.buildWeb();
}

/** Once per run: a template database with every migration applied, that each test file clones. */
export default async function globalSetup(): Promise<void> {
  buildIfNeeded();
  const name = `oneroof_tpl_${uniqueSuffix()}`;
  await withServer(async (client) => {
    // Leftovers of runs killed before their teardown. Names carry their creation time, so only
    // databases older than an hour go: never those of a run still going on beside this one.
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^oneroof_(t|tpl)_'`);
    for (const { datname } of rows) {
      const createdAt = parseInt(datname.split('_')[2] ?? '', 36);
      if (Number.isFinite(createdAt) && Date.now() - createdAt > STALE_AFTER_MS) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
      }
    }
    await client.query(`CREATE DATABASE "${name}"`);
  });
  await migrate(databaseUrl(name));
  process.env[TEMPLATE_ENV] = name;
}
