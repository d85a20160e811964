import { DataSource } from 'typeorm';
import { allMigrations } from './migrations';

/**
 * The one DataSource of OneRoof. Schema comes from reviewed migrations only: `synchronize` is off
 * here in the source, never in an environment variable.
 */
export function createDataSource(databaseUrl: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: allMigrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    entities: [],
    logging: false,
    extra: {
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'oneroof',
      connectionTimeoutMillis: 5000,
      // A request that waits on a lock for this long is failing anyway; better to say so.
      statement_timeout: 30000,
      options: '-c timezone=UTC',
    },
  });
}
