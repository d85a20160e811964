import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@oneroof/audit';
import { PlatformModule, type AppConfig, type Clock } from '@oneroof/platform';
import { AuditSealing } from './audit-sealing';
import { Heartbeat } from './heartbeat';

export interface WorkerModuleOptions {
  config: AppConfig;
  clock?: Clock;
}

/** The worker process: no HTTP routes but its own health endpoint; relays, processors and timers. */
@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot({ config: options.config, clock: options.clock, applicationName: 'oneroof-worker', poolSize: 10 }), AuditModule],
      providers: [Heartbeat, AuditSealing],
      exports: [Heartbeat],
    };
  }
}
