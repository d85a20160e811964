import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsModule } from '@oneroof/notifications';
import { EventsConsumer } from './events-consumer';
import { EventsQueue } from './events-queue';
import {
  DEFAULT_NOTIFICATIONS_WORKER_OPTIONS,
  NOTIFICATIONS_WORKER_OPTIONS,
  type NotificationsWorkerOptions,
} from './notifications-worker.options';
import { RelayLoop } from './relay-loop';
import { TimerLoop } from './timer-loop';

/** The worker's side of design.md §5: outbox relay, queue processor and timers. */
@Module({})
export class NotificationsWorkerModule {
  static forRoot(options: Partial<NotificationsWorkerOptions> = {}): DynamicModule {
    return {
      module: NotificationsWorkerModule,
      imports: [NotificationsModule],
      providers: [
        { provide: NOTIFICATIONS_WORKER_OPTIONS, useValue: { ...DEFAULT_NOTIFICATIONS_WORKER_OPTIONS, ...options } },
        EventsQueue,
        RelayLoop,
        EventsConsumer,
        TimerLoop,
      ],
      exports: [EventsQueue, RelayLoop, EventsConsumer, TimerLoop],
    };
  }
}
