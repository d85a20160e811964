import { cancelTimers, scheduleTimer, type OutboxEvent } from '@oneroof/platform';
import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import type { WorkerApp } from '../../apps/worker/src/bootstrap';
import { countRows, inbox, startWorker } from './support';

const MINUTE = 60_000;

/**
 * Durable timers: "at T, raise E unless cancelled", fired by the worker's clock through the outbox.
 * A moved or cancelled timer never fires at its old time.
 */
describe('notifications: timers', () => {
  let ctx: TestContext;
  let workers: WorkerApp[] = [];
  let assignee: TestUser;
  let sentinel: TestUser;
  let t0: number;
  const reminder = (userId: string, n: number): OutboxEvent => ({
    type: 'follow_up.reminder',
    payload: { caseReference: 'MDC-2026-000123', assigneeId: userId, n },
  });
  const kinds = async (user: TestUser) => (await inbox(ctx, user)).items.map((n) => `${n.kind}`);
  /** The timer loop has run past `at` once the sentinel due at `at` has reached the inbox. */
  const passSentinel = async (key: string, at: number, n: number) => {
    await ctx.db.transaction((tx) => scheduleTimer(tx, { key, fireAt: new Date(at), event: reminder(sentinel.id, n) }));
    return waitFor(
      `sentinel ${key}`,
      async () => (await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE recipient_id = $1`, [sentinel.id])) === n,
    );
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    // Two workers, so that firing is also shown safe with SKIP LOCKED.
    workers = [await startWorker(ctx), await startWorker(ctx)];
    assignee = await ctx.factory.user();
    sentinel = await ctx.factory.user();
    t0 = ctx.clock.now().getTime();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await ctx?.close();
  });

  it('a rescheduled timer does not fire at its old time, and fires once at its new one', async () => {
    await ctx.db.transaction((tx) =>
      scheduleTimer(tx, { key: 'follow_up:a:remind:60', fireAt: new Date(t0 + 10 * MINUTE), event: reminder(assignee.id, 1) }),
    );
    const armed = await ctx.db.transaction((tx) =>
      scheduleTimer(tx, { key: 'follow_up:a:remind:60', fireAt: new Date(t0 + 60 * MINUTE), event: reminder(assignee.id, 1) }),
    );
    expect(armed).toBe(true);

    ctx.clock.advance(11 * MINUTE);
    await passSentinel('sentinel:1', t0 + 10 * MINUTE + 1000, 1);
    expect(await kinds(assignee)).toEqual([]);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM timers WHERE key = 'follow_up:a:remind:60' AND fired_at IS NULL`)).toBe(1);

    ctx.clock.advance(50 * MINUTE); // t0 + 61 min
    await waitFor('the moved reminder', async () => (await kinds(assignee)).length === 1);
    await passSentinel('sentinel:2', t0 + 60 * MINUTE + 1000, 2);
    expect(await kinds(assignee)).toEqual(['follow_up.reminder']);
    const [timer] = await ctx.db.query<{ fired_event_id: string; occurred_at: Date }>(
      `SELECT t.fired_event_id, o.occurred_at FROM timers t JOIN outbox_events o ON o.id = t.fired_event_id WHERE t.key = 'follow_up:a:remind:60'`,
    );
    expect(new Date(timer.occurred_at).getTime()).toBe(t0 + 60 * MINUTE);

    // Scheduled again for the same moment (a retried request): stays fired. For a new moment: armed again.
    expect(
      await ctx.db.transaction((tx) =>
        scheduleTimer(tx, { key: 'follow_up:a:remind:60', fireAt: new Date(t0 + 60 * MINUTE), event: reminder(assignee.id, 1) }),
      ),
    ).toBe(false);
    expect(
      await ctx.db.transaction((tx) =>
        scheduleTimer(tx, { key: 'follow_up:a:remind:60', fireAt: new Date(t0 + 70 * MINUTE), event: reminder(assignee.id, 2) }),
      ),
    ).toBe(true);
    ctx.clock.advance(10 * MINUTE); // t0 + 71 min
    await waitFor('the re-armed reminder', async () => (await kinds(assignee)).length === 2);
    await passSentinel('sentinel:3', t0 + 70 * MINUTE + 1000, 3);
    expect(await kinds(assignee)).toEqual(['follow_up.reminder', 'follow_up.reminder']);
  });

  it('cancelled timers, by key or by prefix, never fire', async () => {
    const base = ctx.clock.now().getTime();
    await ctx.db.transaction(async (tx) => {
      await scheduleTimer(tx, { key: 'follow_up:b:remind:60', fireAt: new Date(base + 5 * MINUTE), event: reminder(assignee.id, 3) });
      await scheduleTimer(tx, { key: 'follow_up:b:remind:1440', fireAt: new Date(base + 6 * MINUTE), event: reminder(assignee.id, 4) });
      await scheduleTimer(tx, { key: 'follow_up:b_other:remind', fireAt: new Date(base + 7 * MINUTE), event: reminder(assignee.id, 5) });
      await scheduleTimer(tx, { key: 'handover:c:overdue', fireAt: new Date(base + 8 * MINUTE), event: reminder(assignee.id, 6) });
    });
    // A prefix is literal: `_` does not match any character, so follow_up:b_other survives this one.
    expect(await ctx.db.transaction((tx) => cancelTimers(tx, { prefix: 'follow_up:b:' }))).toBe(2);
    expect(await ctx.db.transaction((tx) => cancelTimers(tx, 'handover:c:overdue'))).toBe(1);
    expect(await ctx.db.transaction((tx) => cancelTimers(tx, 'handover:c:overdue'))).toBe(0);

    ctx.clock.advance(10 * MINUTE);
    await passSentinel('sentinel:4', base + 9 * MINUTE, 4);
    // Only the one not cancelled: follow_up:b_other.
    expect(await kinds(assignee)).toHaveLength(3);
    expect(
      await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'follow_up.reminder' AND payload->>'assigneeId' = $1`, [
        assignee.id,
      ]),
    ).toBe(3);
  });

  it('many timers due at once, two workers firing: each fires exactly once', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => ctx.factory.user()));
    const base = ctx.clock.now().getTime();
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 250; i++) {
        await scheduleTimer(tx, { key: `bulk:${i}`, fireAt: new Date(base + MINUTE + i), event: reminder(users[i % 5].id, i) });
      }
    });
    ctx.clock.advance(2 * MINUTE);
    await waitFor(
      '250 timers fired and routed',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE recipient_id = ANY($1::uuid[])`, [users.map((u) => u.id)])) >=
        250,
    );
    expect(await countRows(ctx, `SELECT count(*) AS n FROM timers WHERE key LIKE 'bulk:%' AND fired_at IS NOT NULL`)).toBe(250);
    expect(await countRows(ctx, `SELECT count(DISTINCT fired_event_id) AS n FROM timers WHERE key LIKE 'bulk:%'`)).toBe(250);
    expect(
      await countRows(
        ctx,
        `SELECT count(*) AS n FROM outbox_events WHERE type = 'follow_up.reminder' AND (payload->>'n')::int >= 0 AND payload->>'assigneeId' = ANY($1::text[])`,
        [users.map((u) => u.id)],
      ),
    ).toBe(250);
    for (const user of users) {
      expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications WHERE recipient_id = $1`, [user.id])).toBe(50);
    }
  });
});
