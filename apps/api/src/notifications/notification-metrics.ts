import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { OutboxStatsService, type OutboxStats } from '@oneroof/notifications';
import { Gauge } from 'prom-client';
import { HttpMetrics } from '../http/metrics';
import { QueueInspector, type QueueCounts } from './queue-inspector';

const SCRAPE_MEMO_MS = 500;

/**
 * Outbox and queue gauges on the API's /metrics, computed at scrape time: the outbox from Postgres
 * (the truth about what is still on its way), the queue depth from BullMQ with a short timeout.
 */
@Injectable()
export class NotificationMetrics implements OnModuleInit {
  private readonly logger = new Logger('NotificationMetrics');
  private outbox?: { at: number; value: Promise<OutboxStats | null> };
  private queue?: { at: number; value: Promise<QueueCounts | null> };

  constructor(
    @Inject(HttpMetrics) private readonly metrics: HttpMetrics,
    @Inject(OutboxStatsService) private readonly stats: OutboxStatsService,
    @Inject(QueueInspector) private readonly inspector: QueueInspector,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    // One query a scrape for all outbox gauges, however many of them prom-client collects.
    const outbox = () => {
      if (!this.outbox || Date.now() - this.outbox.at > SCRAPE_MEMO_MS) {
        this.outbox = {
          at: Date.now(),
          value: this.stats.read().catch((error: Error) => {
            this.logger.warn(`outbox gauges unavailable: ${error.message}`);
            return null;
          }),
        };
      }
      return this.outbox.value;
    };
    const queue = () => {
      if (!this.queue || Date.now() - this.queue.at > SCRAPE_MEMO_MS) this.queue = { at: Date.now(), value: this.inspector.counts() };
      return this.queue.value;
    };
    const outboxGauge = (name: string, help: string, pick: (s: OutboxStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const s = await outbox();
          if (s) this.set(pick(s));
          else this.reset();
        },
      });
    outboxGauge(
      'oneroof_outbox_unprocessed_events',
      'Outbox events not yet turned into notifications (dead letters excluded)',
      (s) => s.unprocessed,
    );
    outboxGauge('oneroof_outbox_unrelayed_events', 'Outbox events not yet handed to the queue', (s) => s.unrelayed);
    outboxGauge(
      'oneroof_outbox_oldest_unprocessed_age_seconds',
      'Age of the oldest outbox event not yet turned into notifications; 0 when none',
      (s) => s.oldestUnprocessedAgeSeconds,
    );
    outboxGauge('oneroof_outbox_dead_letters', 'Outbox events in the dead-letter state', (s) => s.deadLetters);
    new Gauge({
      name: 'oneroof_queue_jobs',
      help: 'Jobs in the events queue by state, read from BullMQ at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        const counts = await queue();
        if (counts) for (const [state, n] of Object.entries(counts)) this.set({ queue: 'events', state }, n);
      },
    });
    new Gauge({
      name: 'oneroof_queue_reachable',
      help: '1 when the events queue answered the scrape within its timeout, else 0',
      registers,
      async collect() {
        this.set((await queue()) ? 1 : 0);
      },
    });
  }
}
