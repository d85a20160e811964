import type { BatchOutcome, EventRef, ProcessOutcome } from './notification-processor';

export interface EventBatcherOptions {
  /** Most events one statement takes. */
  maxBatch: number;
  /** Most statements running at once (each holds a pool connection). */
  maxInFlight: number;
}

interface Waiting extends EventRef {
  resolve(outcome: ProcessOutcome): void;
  reject(error: Error): void;
}

/**
 * Group commit for the queue's jobs (issue 11): each job submits its event and waits for its own
 * outcome, while the events are processed several to a statement. Nothing waits for a batch to
 * fill: while fewer than `maxInFlight` statements run, an event starts one at once (at a quiet
 * moment a batch of one, so commit → inbox pays no delay); the events that arrive while all run
 * wait and go together in the next. Under a burst the batches grow to what arrives in one
 * statement's time, up to `maxBatch`.
 *
 * Exactly-once stays where it was, in the statement: a job that dies with its batch gets its event
 * again from BullMQ, and the unique (event_id, recipient_id) makes a second run change nothing.
 */
export class EventBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  /** For the record of a run: statements run and events they took. */
  readonly stats = { batches: 0, events: 0, largest: 0 };

  constructor(
    private readonly processBatch: (events: readonly EventRef[]) => Promise<BatchOutcome>,
    private readonly options: EventBatcherOptions,
  ) {}

  submit(eventId: string, type?: string): Promise<ProcessOutcome> {
    return new Promise<ProcessOutcome>((resolve, reject) => {
      this.waiting.push({ eventId, type, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      this.stats.batches++;
      this.stats.events += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    let outcomes: BatchOutcome;
    try {
      outcomes = await this.processBatch(batch);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const item of batch) item.reject(failure);
      return;
    }
    for (const item of batch) {
      const outcome = outcomes.get(item.eventId) ?? new Error(`event ${item.eventId} got no outcome; it will be retried`);
      if (outcome instanceof Error) item.reject(outcome);
      else item.resolve(outcome);
    }
  }
}
