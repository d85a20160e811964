import { APP_CONFIG, loadConfig, type AppConfig } from '@oneroof/platform';
import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import { createWorkerApp, type WorkerApp } from '../apps/worker/src/bootstrap';
import { Pruning } from '../apps/worker/src/pruning';

/**
 * Issue 16 hygiene (and issue 14's leftover): the worker prunes login rate windows once they have
 * ended, and idempotency keys once they are 24 hours old (their stored answers hold persons' data),
 * in bounded batches. A pass is fired by hand, at the test clock's time.
 */
describe('the worker prunes expired login windows, old idempotency keys, the refresh tokens of ended sessions and expired mfaTokens', () => {
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

  it('deletes the refresh tokens of ended, expired and idle sessions, and keeps every token of a live one (spent ones catch reuse)', async () => {
    const now = ctx.clock.now().getTime();
    const idle = worker.app.get<AppConfig>(APP_CONFIG).sessionIdleMinutes;
    const session = async (name: string, s: { expiresIn: number; lastSeenAgo?: number; endedAgo?: number }) => {
      const [row] = await ctx.db.query<{ id: string }>(
        `INSERT INTO sessions (user_id, created_at, expires_at, last_seen_at, ended_at, end_reason, user_agent, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '127.0.0.1') RETURNING id`,
        [
          user.id,
          new Date(now - 2 * HOUR),
          new Date(now + s.expiresIn),
          new Date(now - (s.lastSeenAgo ?? 0)),
          s.endedAgo === undefined ? null : new Date(now - s.endedAgo),
          s.endedAgo === undefined ? null : 'logout',
          name,
        ],
      );
      for (const [i, used] of [false, true].entries()) {
        await ctx.db.query(
          `INSERT INTO session_refresh_tokens (token_hash, session_id, used_at) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3)`,
          [`${name}-${i}`, row.id, used ? new Date(now - MINUTE) : null],
        );
      }
      return row.id;
    };
    const live = await session('live', { expiresIn: HOUR });
    const nearlyIdle = await session('nearly-idle', { expiresIn: HOUR, lastSeenAgo: (idle - 1) * MINUTE });
    await session('ended', { expiresIn: HOUR, endedAgo: MINUTE });
    await session('expired', { expiresIn: -MINUTE });
    await session('idle', { expiresIn: HOUR, lastSeenAgo: (idle + 1) * MINUTE });
    const tokensOf = (sql = '') =>
      ctx.db.query<{ session_id: string }>(`SELECT DISTINCT session_id FROM session_refresh_tokens ${sql} ORDER BY session_id`);

    const result = await pruning.tick();
    expect(result.refreshTokens).toBe(6);
    expect(await tokensOf()).toEqual([live, nearlyIdle].sort().map((id) => ({ session_id: id })));
    expect(await count(`SELECT count(*) AS n FROM session_refresh_tokens WHERE used_at IS NOT NULL`)).toBe(2);
    expect((await pruning.tick()).refreshTokens).toBe(0);
  });

  it('deletes expired mfaTokens, used or not, and keeps the ones still valid', async () => {
    const now = ctx.clock.now().getTime();
    const challenge = (name: string, expiresIn: number, used: boolean) =>
      ctx.db.query(
        `INSERT INTO mfa_challenges (token_hash, user_id, expires_at, used_at) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4)`,
        [name, user.id, new Date(now + expiresIn), used ? new Date(now - MINUTE) : null],
      );
    await challenge('expired', -MINUTE, false);
    await challenge('expired-used', -HOUR, true);
    await challenge('valid', 4 * MINUTE, false);
    await challenge('valid-used', 4 * MINUTE, true);
    expect((await pruning.tick()).mfaChallenges).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM mfa_challenges`)).toBe(2);
    // Once they expire too, they go.
    ctx.clock.advance(5 * MINUTE);
    try {
      expect((await pruning.tick()).mfaChallenges).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM mfa_challenges`)).toBe(0);
    } finally {
      ctx.clock.reset();
    }
  });
});
