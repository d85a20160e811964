import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EVENTS_QUEUE, workerConnection, type EventJobData } from '@oneroof/notifications';
import { APP_CONFIG, type AppConfig } from '@oneroof/platform';
import { Queue } from 'bullmq';

/** The worker's producer side of the one events queue, under the installation's key prefix. */
@Injectable()
export class EventsQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('EventsQueue');
  readonly queue: Queue<EventJobData>;
  private lastErrorLoggedAt = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue<EventJobData>(EVENTS_QUEUE, { connection: workerConnection(config.redisUrl), prefix: config.queuePrefix });
    this.queue.on('error', (error) => {
      // ioredis repeats its error at every reconnect attempt; one line in ten seconds is enough.
      if (Date.now() - this.lastErrorLoggedAt > 10_000) {
        this.lastErrorLoggedAt = Date.now();
        this.logger.warn(`events queue: ${error.message}`);
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
