import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { withRuntimeSecrets } from './config/runtime-secrets';
import { Clock, SystemClock } from './clock';
import { createDataSource } from './database/data-source';
import { Db } from './database/db';
import { warnIfSuperuser } from './database/runtime-check';

export interface PlatformOptions {
  config: AppConfig;
  clock?: Clock;
  applicationName?: string;
  poolSize?: number;
  /** false: the DataSource is made but never connected, for building the OpenAPI document without a database. */
  connect?: boolean;
}

/** Config, database and clock for every process; global so that contexts need not re-import it. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        // The environment's config, with the secrets it left unset taken from the database.
        {
          provide: APP_CONFIG,
          useFactory: (dataSource: DataSource) =>
            // Unconnected (the OpenAPI document is being written): nothing is signed, so no secret is kept.
            options.connect === false ? options.config : withRuntimeSecrets(options.config, dataSource),
          inject: [DataSource],
        },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(options.config.databaseAppUrl, {
              applicationName: options.applicationName,
              poolSize: options.poolSize,
            });
            if (options.connect === false) return dataSource;
            await dataSource.initialize();
            await warnIfSuperuser(dataSource);
            return dataSource;
          },
        },
        { provide: Db, useFactory: (dataSource: DataSource) => new Db(dataSource), inject: [DataSource] },
      ],
      exports: [APP_CONFIG, Clock, DataSource, Db],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
