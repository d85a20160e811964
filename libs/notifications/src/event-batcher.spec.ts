import { EventBatcher } from './event-batcher';
import type { BatchOutcome, EventRef, ProcessOutcome } from './notification-processor';

/** A processBatch whose calls the test releases by hand, to see what went together. */
function controlledProcessor() {
  const calls: { events: EventRef[]; release(outcome?: BatchOutcome | Error): void }[] = [];
  const processBatch = (events: readonly EventRef[]) =>
    new Promise<BatchOutcome>((resolve, reject) => {
      calls.push({
        events: [...events],
        release(outcome) {
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome ?? new Map(events.map((e) => [e.eventId, { outcome: 'processed', notified: 1 }])));
        },
      });
    });
  return { calls, processBatch };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('EventBatcher', () => {
  it('starts a statement at once while fewer than maxInFlight run: a lone event waits for nothing', async () => {
    const { calls, processBatch } = controlledProcessor();
    const batcher = new EventBatcher(processBatch, { maxBatch: 10, maxInFlight: 2 });
    const first = batcher.submit('a', 't');
    expect(calls.map((c) => c.events.map((e) => e.eventId))).toEqual([['a']]);
    calls[0].release();
    await expect(first).resolves.toEqual({ outcome: 'processed', notified: 1 });
  });

  it('gathers what arrives while every slot runs into the next statement, at most maxBatch a statement', async () => {
    const { calls, processBatch } = controlledProcessor();
    const batcher = new EventBatcher(processBatch, { maxBatch: 3, maxInFlight: 1 });
    const outcomes = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => batcher.submit(id, 't'));
    expect(calls).toHaveLength(1);
    calls[0].release();
    await flush();
    expect(calls.map((c) => c.events.map((e) => e.eventId))).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1].release();
    await flush();
    expect(calls[2].events.map((e) => e.eventId)).toEqual(['e', 'f']);
    calls[2].release();
    await expect(Promise.all(outcomes)).resolves.toHaveLength(6);
    expect(batcher.stats).toEqual({ batches: 3, events: 6, largest: 3 });
  });

  it('gives each job its own outcome: an error for one event fails that job only', async () => {
    const { calls, processBatch } = controlledProcessor();
    const batcher = new EventBatcher(processBatch, { maxBatch: 10, maxInFlight: 1 });
    const blocker = batcher.submit('x', 't');
    const good = batcher.submit('good', 't');
    const bad = batcher.submit('bad', 't');
    const lost = batcher.submit('lost', 't');
    calls[0].release();
    await blocker;
    await flush();
    calls[1].release(
      new Map<string, ProcessOutcome | Error>([
        ['good', { outcome: 'already_processed' }],
        ['bad', new Error('could not be claimed')],
      ]),
    );
    await expect(good).resolves.toEqual({ outcome: 'already_processed' });
    await expect(bad).rejects.toThrow('could not be claimed');
    // An id the processor left out is retried by BullMQ, never taken as done.
    await expect(lost).rejects.toThrow('got no outcome');
  });

  it('fails every job of a statement that threw, and goes on with the next', async () => {
    const { calls, processBatch } = controlledProcessor();
    const batcher = new EventBatcher(processBatch, { maxBatch: 10, maxInFlight: 1 });
    const first = batcher.submit('a', 't');
    const second = batcher.submit('b', 't');
    calls[0].release(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await flush();
    calls[1].release();
    await expect(second).resolves.toEqual({ outcome: 'processed', notified: 1 });
  });
});
