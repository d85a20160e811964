import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EVENTS_QUEUE, inspectorConnection, withTimeout, type EventJobData } from '@oneroof/notifications';
import { APP_CONFIG, type AppConfig } from '@oneroof/platform';
import { Queue } from 'bullmq';

export type QueueCounts = Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'prioritized', number>;

/**
 * The API's only handle on BullMQ, for the admin dashboard and /metrics. It never adds jobs (the
 * worker's relay does), and its connection fails fast instead of queueing while Redis is away, so a
 * dead Redis costs a scrape at most `timeoutMs` and no other request anything.
 */
@Injectable()
export class QueueInspector implements OnApplicationShutdown {
  readonly queue: Queue<EventJobData>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue<EventJobData>(EVENTS_QUEUE, {
      connection: inspectorConnection(config.redisUrl),
      prefix: config.queuePrefix,
      skipMetasUpdate: true,
    });
    this.queue.on('error', () => undefined);
  }

  async counts(timeoutMs = 250): Promise<QueueCounts | null> {
    try {
      const counts = await withTimeout(
        this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
        timeoutMs,
        'reading queue counts',
      );
      return {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
        prioritized: counts.prioritized ?? 0,
      };
    } catch {
      return null;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
