import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@oneroof/audit';
import { PlatformModule, type AppConfig, type Clock } from '@oneroof/platform';
import { AuditPartitioning } from './audit-partitioning';
import { AuditSealing } from './audit-sealing';
import { Heartbeat } from './heartbeat';
import { Pruning } from './pruning';
import { UnusualAccessDetection } from './unusual-access-detection';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import type { NotificationsWorkerOptions } from './notifications/notifications-worker.options';

export interface WorkerModuleOptions {
  config: AppConfig;
  clock?: Clock;
  /** Relay, processor and timer knobs (tests shorten the intervals). */
  notifications?: Partial<NotificationsWorkerOptions>;
}

/** The worker process: no HTTP routes but its own health endpoint; relays, processors and timers. */
@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ config: options.config, clock: options.clock, applicationName: 'oneroof-worker', poolSize: 10 }),
        AuditModule,
        NotificationsWorkerModule.forRoot(options.notifications),
      ],
      providers: [Heartbeat, AuditSealing, AuditPartitioning, Pruning, UnusualAccessDetection],
      exports: [Heartbeat],
    };
  }
}
