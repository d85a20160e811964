import 'reflect-metadata';
import { ConfigError, ensureDatabase, loadConfig, migrate, ServiceUnreachableError } from '@oneroof/platform';
import { seedDemo } from './seed-demo';
import { seedDemoYear } from './seed-year';

/**
 * Operations that run once and exit, as the schema owner (DATABASE_URL): `prepare` and `migrate` (create
 * the database if missing, create the app role, migrate, grant the app role its rights), `seed-demo`.
 */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  switch (command) {
    case 'prepare': {
      if (await ensureDatabase(config.databaseUrl))
        process.stdout.write(`created database ${new URL(config.databaseUrl).pathname.slice(1)}\n`);
      const applied = await migrate(config.databaseUrl, config.databaseAppUrl);
      process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'database schema is up to date\n');
      return;
    }
    case 'migrate': {
      await ensureDatabase(config.databaseUrl);
      const applied = await migrate(config.databaseUrl, config.databaseAppUrl);
      process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'database schema is up to date\n');
      return;
    }
    case 'seed-demo': {
      // `seed-demo --year [--cases N]`: also a generated year of cases for the monitoring figures (issue 13).
      const year = process.argv.includes('--year');
      const at = process.argv.indexOf('--cases');
      const cases = at > 0 ? Number(process.argv[at + 1]) : undefined;
      if (cases !== undefined && !(Number.isInteger(cases) && cases > 0)) {
        process.stderr.write('--cases takes a whole number above 0\n');
        process.exit(2);
      }
      await ensureDatabase(config.databaseUrl);
      await migrate(config.databaseUrl, config.databaseAppUrl);
      await seedDemo(config);
      if (year) await seedDemoYear(config, { cases });
      return;
    }
    default:
      process.stderr.write('usage: node dist/apps/cli/src/main.js prepare|migrate|seed-demo [--year [--cases N]]\n');
      process.exit(2);
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof ServiceUnreachableError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  },
);
