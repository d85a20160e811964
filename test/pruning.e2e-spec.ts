import { loadConfig } from '@oneroof/platform';
import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import { createWorkerApp, type WorkerApp } from '../apps/worker/src/bootstrap';
import { Pruning } from '../apps/worker/src/pruning';

/**
 * Issue 16 hygiene (and issue 14's leftover): the worker prunes login rate windows once they have
 * ended, and idempotency keys once they are 24 hours old (their stored answers hold persons' data),
 * in bounded batches. A pass is fired by hand, at the test clock's time.
 */
describe('the worker prunes expired login windows and old idempotency keys', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let pruning: Pruning;
  let user: TestUser;
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const count = async (sql: string, params: unknown[] = []) => Number((await ctx.db.query<{ n: string }>(sql, params))[0].n);

  beforeAll(async () => {
    ctx = await createTestApp();
    worker = await createWorkerApp(loadConfig({ DATABASE_URL: ctx.config.databaseUrl, QUEUE_PREFIX: ctx.config.queuePrefix }), {
      clock: ctx.clock,
      logger: false,
      health: false,
    });
    pruning = worker.app.get(Pruning);
    user = await ctx.factory.user({ discipline: 'police' });
  });
  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('deletes ended login rate windows and keeps the current one', async () => {
    const now = ctx.clock.now();
    const minute = (offset: number) => new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + offset * MINUTE);
    for (const [ip, start] of [
      ['10.0.0.1', minute(-90)],
      ['10.0.0.2', minute(-2)],
      ['10.0.0.3', minute(-1)],
      ['10.0.0.4', minute(0)],
    ] as const) {
      await ctx.db.query(`INSERT INTO login_rate_windows (client_ip, window_start, attempts) VALUES ($1, $2, 3)`, [ip, start]);
    }
    const result = await pruning.tick();
    expect(result.loginRateWindows).toBe(3);
    expect(await ctx.db.query(`SELECT client_ip FROM login_rate_windows ORDER BY client_ip`)).toEqual([{ client_ip: '10.0.0.4' }]);

    // An hour on, the current one has ended too.
    ctx.clock.advance(HOUR);
    expect((await pruning.tick()).loginRateWindows).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM login_rate_windows`)).toBe(0);
    ctx.clock.reset();
  });

  it('deletes idempotency keys (and the answers they hold) older than 24 hours, keeps younger ones', async () => {
    const now = ctx.clock.now().getTime();
    const key = (name: string, ageMs: number) =>
      ctx.db.query(
        `INSERT INTO idempotency_keys (actor_id, key, request_hash, status_code, response, created_at) VALUES ($1, $2, 'h', 201, '{"name":"a child"}', $3)`,
        [user.id, name, new Date(now - ageMs)],
      );
    await key('old-1', 25 * HOUR);
    await key('old-2', 24 * HOUR + MINUTE);
    await key('young-1', 23 * HOUR);
    await key('young-2', MINUTE);
    const result = await pruning.tick();
    expect(result.idempotencyKeys).toBe(2);
    expect(await ctx.db.query(`SELECT key FROM idempotency_keys ORDER BY key`)).toEqual([{ key: 'young-1' }, { key: 'young-2' }]);
  });

  it('works in bounded batches: each statement deletes at most the batch size, a pass at most its batches', async () => {
    const now = ctx.clock.now().getTime();
    await ctx.db.query(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash, created_at)
       SELECT $1, 'bulk-' || i, 'h', $2::timestamptz - i * interval '1 second' FROM generate_series(1, 25) i`,
      [user.id, new Date(now - 30 * HOUR)],
    );
    pruning.batchSize = 4;
    pruning.maxBatches = 3;
    try {
      expect((await pruning.tick()).idempotencyKeys).toBe(12);
      expect(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE 'bulk-%'`)).toBe(13);
      // The oldest go first.
      expect(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE key IN ('bulk-25', 'bulk-14')`)).toBe(0);
      expect((await pruning.tick()).idempotencyKeys).toBe(12);
      expect((await pruning.tick()).idempotencyKeys).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE 'bulk-%'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM idempotency_keys`)).toBe(2);
    } finally {
      pruning.batchSize = 1000;
      pruning.maxBatches = 20;
    }
  });
});
