import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  EventBatcher,
  EVENTS_QUEUE,
  eventsOf,
  NotificationProcessor,
  workerConnection,
  type EventJobData,
  type ProcessOutcome,
} from '@oneroof/notifications';
import { APP_CONFIG, type AppConfig } from '@oneroof/platform';
import { Worker, type Job } from 'bullmq';
import { NOTIFICATIONS_WORKER_OPTIONS, type NotificationsWorkerOptions } from './notifications-worker.options';

/** What a job's return value records in BullMQ: one event's outcome, or how many a job of several held. */
export type JobOutcome = ProcessOutcome | { outcome: 'batch'; events: number };

/**
 * The queue processor: a thin edge that hands each job to NotificationProcessor, through a batcher
 * that lets the jobs held at one moment share one statement (issue 11). A failed attempt is counted
 * on the outbox row; the last one dead-letters it there, where admins see it.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventsConsumer');
  private worker?: Worker<EventJobData, JobOutcome>;
  private lastErrorLoggedAt = 0;
  readonly batcher: EventBatcher;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NotificationProcessor) private readonly processor: NotificationProcessor,
    @Inject(NOTIFICATIONS_WORKER_OPTIONS) private readonly options: NotificationsWorkerOptions,
  ) {
    this.batcher = new EventBatcher((events) => this.processor.processBatch(events), {
      maxBatch: options.batchSize,
      maxInFlight: options.batchesInFlight,
    });
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker<EventJobData, JobOutcome>(EVENTS_QUEUE, (job) => this.handle(job), {
      connection: workerConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: this.options.concurrency,
      // A job is short; a worker that died holding one gives it back soon.
      lockDuration: this.options.jobLockMs,
      stalledInterval: Math.max(500, Math.floor(this.options.jobLockMs / 2)),
      maxStalledCount: 3,
    });
    this.worker.on('error', (error) => {
      if (Date.now() - this.lastErrorLoggedAt > 10_000) {
        this.lastErrorLoggedAt = Date.now();
        this.logger.warn(`events worker: ${error.message}`);
      }
    });
  }

  /**
   * A job of one event or of several: each event is submitted on its own (so that it shares a
   * statement with whatever else is waiting) and fails on its own. When any failed, the job fails
   * and is retried whole; its events already processed are then found done and left alone. The
   * last attempt dead-letters the events that failed in it, none of the others.
   */
  async handle(job: Job<EventJobData>): Promise<JobOutcome> {
    const events = eventsOf(job.data);
    const settled = await Promise.allSettled(events.map((event) => this.batcher.submit(event.eventId, event.type)));
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const failures: Error[] = [];
    const outcomes: ProcessOutcome[] = [];
    for (const [i, result] of settled.entries()) {
      const event = events[i];
      if (result.status === 'fulfilled') {
        outcomes.push(result.value);
        if (result.value.outcome === 'dead_lettered')
          this.logger.warn(`event ${event.eventId} (${event.type}) dead-lettered: ${result.value.reason}`);
        continue;
      }
      const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
      failures.push(error);
      await this.processor.recordFailure(event.eventId, error, final).catch(() => undefined);
      if (final)
        this.logger.error(`event ${event.eventId} (${event.type}) dead-lettered after ${job.attemptsMade + 1} attempts: ${error.message}`);
    }
    if (failures.length > 0) {
      if (events.length === 1) throw failures[0];
      throw new Error(`${failures.length} of ${events.length} events failed, the first: ${failures[0].message}`);
    }
    return events.length === 1 ? outcomes[0] : { outcome: 'batch', events: outcomes.length };
  }

  /** For tests and operators: stop taking new jobs (the ones running finish), and start again. */
  async pause(): Promise<void> {
    await this.worker?.pause();
  }

  resume(): void {
    void this.worker?.resume();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
  }
}
