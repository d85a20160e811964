import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  EventBatcher,
  EVENTS_QUEUE,
  NotificationProcessor,
  workerConnection,
  type EventJobData,
  type ProcessOutcome,
} from '@oneroof/notifications';
import { APP_CONFIG, type AppConfig } from '@oneroof/platform';
import { Worker, type Job } from 'bullmq';
import { NOTIFICATIONS_WORKER_OPTIONS, type NotificationsWorkerOptions } from './notifications-worker.options';

/**
 * The queue processor: a thin edge that hands each job to NotificationProcessor, through a batcher
 * that lets the jobs held at one moment share one statement (issue 11). A failed attempt is counted
 * on the outbox row; the last one dead-letters it there, where admins see it.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventsConsumer');
  private worker?: Worker<EventJobData, ProcessOutcome>;
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
    this.worker = new Worker<EventJobData, ProcessOutcome>(EVENTS_QUEUE, (job) => this.handle(job), {
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

  async handle(job: Job<EventJobData>): Promise<ProcessOutcome> {
    try {
      const result = await this.batcher.submit(job.data.eventId, job.data.type);
      if (result.outcome === 'dead_lettered')
        this.logger.warn(`event ${job.data.eventId} (${job.data.type}) dead-lettered: ${result.reason}`);
      return result;
    } catch (error) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.processor.recordFailure(job.data.eventId, error, final).catch(() => undefined);
      if (final)
        this.logger.error(
          `event ${job.data.eventId} (${job.data.type}) dead-lettered after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`,
        );
      throw error;
    }
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
