import type { DefaultJobOptions, QueueOptions } from 'bullmq';

/**
 * The contract between the relay (producer) and the processor (consumer): one BullMQ queue. A job
 * of one event has the event's id as its job id; under a burst the relay hands over several events
 * a job (issue 11: BullMQ's own work per job was most of a single-recipient event's cost), under a
 * job id of its own. Jobs carry only ids: the processor reads each event from Postgres, the one
 * source of truth, and its effect is guarded there, so a job that runs twice, or two jobs that name
 * one event, change nothing the second time.
 */
export const EVENTS_QUEUE = 'events';
export const EVENT_JOB_NAME = 'route';

export interface EventJobData {
  /** The event; in a job of several, the first of `events`. */
  eventId: string;
  type: string;
  /** A job of several events: all of them. Absent for a job of one. */
  events?: { eventId: string; type: string }[];
}

/** Every event a job names. */
export function eventsOf(data: EventJobData): { eventId: string; type: string }[] {
  return data.events && data.events.length > 0 ? data.events : [{ eventId: data.eventId, type: data.type }];
}

/** The job id of a job of several events: its first event and how many, never an event's own id. */
export const batchJobId = (events: readonly { eventId: string }[]): string => `batch-${events[0].eventId}-${events.length}`;

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
