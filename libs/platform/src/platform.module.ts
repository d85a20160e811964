import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { Clock, SystemClock } from './clock';
import { createDataSource } from './database/data-source';
import { Db } from './database/db';

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
        { provide: APP_CONFIG, useValue: options.config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(options.config.databaseUrl, {
              applicationName: options.applicationName,
              poolSize: options.poolSize,
            });
            return options.connect === false ? dataSource : dataSource.initialize();
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
