/** Knobs of the worker's notification pipe; tests shorten them, production keeps the defaults. */
export interface NotificationsWorkerOptions {
  /** Polling fallback of the relay, for a NOTIFY missed while LISTEN was reconnecting. */
  relayPollMs: number;
  /** How often the relay looks for events relayed long ago and still unprocessed. */
  staleCheckMs: number;
  /** An event relayed this long ago and not processed is relayed again (Redis may have lost it). */
  reRelayAfterMs: number;
  /** How long one hand-over to Redis may take. */
  redisTimeoutMs: number;
  /** How often due timers are fired. */
  timerIntervalMs: number;
  /**
   * Jobs one worker process holds at once. A job costs little while it waits: the events of the
   * jobs held go to Postgres several to a statement (batchSize).
   */
  concurrency: number;
  /** Most events the relay puts in one job (rows relayed for the first time). */
  eventsPerJob: number;
  /** Most events one routing statement takes. */
  batchSize: number;
  /** Most routing statements one worker runs at once (each holds one of the pool's connections). */
  batchesInFlight: number;
  /** A job whose worker died is given back after about this long (BullMQ lock; stalled checks at half of it). */
  jobLockMs: number;
}

export const DEFAULT_NOTIFICATIONS_WORKER_OPTIONS: NotificationsWorkerOptions = {
  relayPollMs: 1000,
  staleCheckMs: 5000,
  reRelayAfterMs: 30_000,
  redisTimeoutMs: 3000,
  timerIntervalMs: 250,
  concurrency: 64,
  eventsPerJob: 100,
  batchSize: 400,
  batchesInFlight: 3,
  jobLockMs: 10_000,
};

export const NOTIFICATIONS_WORKER_OPTIONS = Symbol('NOTIFICATIONS_WORKER_OPTIONS');
