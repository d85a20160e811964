import { writeOutboxEvents } from '@oneroof/platform';
import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import type { WorkerApp } from '../../apps/worker/src/bootstrap';
import { EventsConsumer } from '../../apps/worker/src/notifications/events-consumer';
import { countRows, startWorker } from './support';

/**
 * design.md §11, issue 11: two workers side by side share a burst (events several to a job and
 * several to a statement), and one of them stopping halfway loses nothing: every event reaches each
 * of its recipients exactly once.
 */
describe('notifications: two workers share a burst', () => {
  let ctx: TestContext;
  let coordinators: TestUser[];
  let users: TestUser[];
  const workers: WorkerApp[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinators = await Promise.all(Array.from({ length: 3 }, () => ctx.factory.coordinator()));
    users = await Promise.all(Array.from({ length: 20 }, () => ctx.factory.user()));
    // Small jobs and statements, so that a burst of this size is many of each and both workers get some.
    const options = { notifications: { eventsPerJob: 10, batchSize: 25 } };
    workers.push(await startWorker(ctx, options), await startWorker(ctx, options));
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await ctx?.close();
  });

  const statsOf = (worker: WorkerApp) => worker.app.get(EventsConsumer).batcher.stats;

  /** `count` events in transactions of 50: every third to the coordinators, the rest to one user each. */
  async function writeBurst(count: number, offset: number): Promise<{ single: string[]; fanOut: string[] }> {
    const single: string[] = [];
    const fanOut: string[] = [];
    for (let start = 0; start < count; start += 50) {
      const events = Array.from({ length: Math.min(50, count - start) }, (_, k) => {
        const n = offset + start + k;
        return n % 3 === 0
          ? { type: 'emergency_access.granted', caseId: null, payload: { caseReference: 'MDC-2026-000001', grantId: users[0].id, n } }
          : {
              type: 'team.member_added',
              caseId: null,
              payload: { caseReference: 'MDC-2026-000001', userId: users[n % users.length].id, n },
            };
      });
      const ids = await ctx.db.transaction((tx) => writeOutboxEvents(tx, events));
      ids.forEach((id, k) => (events[k].type === 'team.member_added' ? single : fanOut).push(id));
    }
    return { single, fanOut };
  }

  const wrongCount = (ids: string[], expected: number) =>
    countRows(
      ctx,
      `SELECT count(*) AS n FROM (
         SELECT e.id FROM unnest($1::uuid[]) AS e(id) LEFT JOIN notifications n ON n.event_id = e.id
          GROUP BY e.id HAVING count(n.id) <> $2) wrong`,
      [ids, expected],
    );

  it('both take a share, one stops halfway, and every event reaches each recipient exactly once', async () => {
    const first = await writeBurst(600, 0);
    await waitFor(
      'the first half processed',
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL`)) === 0,
      30_000,
      50,
    );
    const [a, b] = workers.map(statsOf);
    expect(a.events).toBeGreaterThan(0);
    expect(b.events).toBeGreaterThan(0);
    expect(a.events + b.events).toBeGreaterThanOrEqual(600);
    // Several events went to one statement: the point of batching.
    expect(Math.max(a.largest, b.largest)).toBeGreaterThan(1);

    // One worker stops (finishing what it holds) while the second half is written; the other takes the rest.
    const stopping = workers.shift()!.close();
    const second = await writeBurst(600, 600);
    await stopping;
    await waitFor(
      'the second half processed by the remaining worker',
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NULL`)) === 0,
      30_000,
      50,
    );

    const single = [...first.single, ...second.single];
    const fanOut = [...first.fanOut, ...second.fanOut];
    expect(single.length + fanOut.length).toBe(1200);
    expect(await wrongCount(single, 1)).toBe(0);
    expect(await wrongCount(fanOut, coordinators.length)).toBe(0);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications`)).toBe(single.length + fanOut.length * coordinators.length);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE dead_at IS NOT NULL OR failures > 0`)).toBe(0);
  }, 90_000);
});
