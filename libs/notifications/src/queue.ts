import type { DefaultJobOptions, QueueOptions } from 'bullmq';

/**
 * The contract between the relay (producer) and the processor (consumer): one BullMQ queue, one job
 * per outbox event, the job id equal to the event id. The job carries only ids: the processor reads
 * the event itself from Postgres, the one source of truth.
 */
export const EVENTS_QUEUE = 'events';
export const EVENT_JOB_NAME = 'route';

export interface EventJobData {
  eventId: string;
  type: string;
}

/** Retries with backoff (0.5 s, 1 s, 2 s, 4 s); after the last, the event is dead-lettered in Postgres. */
export const EVENT_JOB_ATTEMPTS = 5;

export const EVENT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: EVENT_JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: 500 },
  // Completed jobs go at once: "done" is recorded in Postgres (processed_at), and the relay never
  // hands over a processed event again, so a reusable job id cannot cause a second effect.
  removeOnComplete: true,
  // Failed jobs stay a while for the dashboard; the relay removes a stale one before a retry.
  removeOnFail: { count: 1000, age: 7 * 24 * 3600 },
};

const reconnect = (times: number): number => Math.min(times * 200, 1000);

/**
 * Connection options for the worker's queue and consumer: BullMQ needs maxRetriesPerRequest: null
 * so that its blocking commands wait out a Redis restart instead of failing.
 */
export function workerConnection(redisUrl: string): QueueOptions['connection'] {
  return { url: redisUrl, maxRetriesPerRequest: null, retryStrategy: reconnect, connectTimeout: 3000 };
}

/**
 * Connection options for the API's read-only uses (dashboard, /metrics): fail fast while Redis is
 * away rather than queue commands, so that nothing the API serves waits on Redis.
 */
export function inspectorConnection(redisUrl: string): QueueOptions['connection'] {
  return { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: reconnect, connectTimeout: 2000 };
}

/** Rejects after `ms` with a message naming what took too long; the work itself is not cancelled. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
