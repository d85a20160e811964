import { spawn, type ChildProcess } from 'node:child_process';
import { createTestApp, problemOf, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { WorkerApp } from '../../apps/worker/src/bootstrap';
import { EventsConsumer } from '../../apps/worker/src/notifications/events-consumer';
import { countRows, freePort, openCase, startWorker } from './support';

/**
 * Redis goes away while the API takes writes, and comes back empty (no persistence, as on these
 * machines). Every write is answered promptly, and every notification arrives exactly once, also
 * those whose jobs were in Redis when it went. A private redis-server on a free port: the machine's
 * shared one on 6379 is never touched.
 */
describe('notifications: Redis down and back empty', () => {
  let port: number;
  let redis: ChildProcess | undefined;
  let ctx: TestContext;
  let worker: WorkerApp;
  let lead: TestUser;
  let members: TestUser[];
  let caseFile: { id: string; reference: string };
  const http = () => request(ctx.app.getHttpServer());

  async function startRedis(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'],
      {
        stdio: 'ignore',
      },
    );
    redis = child;
    await waitFor('private redis-server', async () => {
      const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    });
  }

  async function stopRedis(): Promise<void> {
    const child = redis!;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    // SIGTERM makes redis-server shut down; with --save "" it writes nothing: it comes back empty.
    process.kill(child.pid!, 'SIGTERM');
    await gone;
    redis = undefined;
  }

  async function addMember(user: TestUser): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const response = await http().post(`/api/cases/${caseFile.id}/team`).set('Authorization', lead.auth).send({ userId: user.id });
    return { status: response.status, ms: performance.now() - started };
  }

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    ctx = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    worker = await startWorker(ctx, { notifications: { reRelayAfterMs: 1500, redisTimeoutMs: 500 } });
    lead = await ctx.factory.user();
    members = await Promise.all(Array.from({ length: 30 }, () => ctx.factory.user()));
    caseFile = await openCase(ctx, lead);
  });

  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    if (redis?.pid) process.kill(redis.pid, 'SIGKILL');
  });

  it('writes answer 2xx promptly while Redis is down; after it returns empty, every notification arrives exactly once', async () => {
    const consumer = worker.app.get(EventsConsumer);
    // Phase 1, Redis up: jobs reach Redis but nobody takes them (consumer paused), then Redis dies with them.
    await consumer.pause();
    const before: number[] = [];
    for (const user of members.slice(0, 10)) {
      const { status, ms } = await addMember(user);
      expect(status).toBe(201);
      before.push(ms);
    }
    await waitFor(
      'ten events handed to Redis',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'team.member_added' AND relayed_at IS NOT NULL`)) ===
        10,
    );
    expect(await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE processed_at IS NOT NULL`)).toBe(0);
    await stopRedis();

    // Phase 2, Redis down: the API takes writes as fast as before.
    const during: number[] = [];
    for (const user of members.slice(10)) {
      const { status, ms } = await addMember(user);
      expect(status).toBe(201);
      during.push(ms);
    }
    const slowest = Math.max(...during);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    if (process.env.TEST_LOGS) console.log({ medianBefore: median(before), medianDuring: median(during), slowest });
    // A write that waited on Redis would hang for its connect timeouts (seconds each, retried);
    // the bound only tells that apart from a busy machine, it measures no speed (bench does that).
    expect(slowest).toBeLessThan(3000);
    expect(median(during)).toBeLessThan(Math.max(50, median(before) * 3));
    // Reads too, and /metrics answers (queue unreachable) within its short timeout.
    expect((await http().get('/api/me/notifications').set('Authorization', members[0].auth)).status).toBe(200);
    const scrapeStarted = performance.now();
    const metrics = await http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(performance.now() - scrapeStarted).toBeLessThan(1000);
    expect(metrics.text).toMatch(/^oneroof_queue_reachable 0$/m);
    expect(metrics.text).toMatch(/^oneroof_outbox_unprocessed_events 30$/m);
    problemOf(await http().get('/api/me/notifications?unread=maybe').set('Authorization', members[0].auth), 400);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications`)).toBe(0);

    // Phase 3: Redis back, empty. The ten lost jobs are handed over again, the twenty new ones for the first time.
    await startRedis();
    consumer.resume();
    await waitFor(
      'all thirty events processed',
      async () =>
        (await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'team.member_added' AND processed_at IS NOT NULL`)) ===
        30,
      20_000,
      100,
    );
    expect(await countRows(ctx, `SELECT count(*) AS n FROM notifications`)).toBe(30);
    for (const member of members) {
      const items = (await http().get('/api/me/notifications').set('Authorization', member.auth)).body.items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ kind: 'team.member_added', caseReference: caseFile.reference });
    }
    // The ten that Redis lost were relayed twice; none was dead-lettered.
    expect(
      await countRows(
        ctx,
        `SELECT count(*) AS n FROM outbox_events WHERE type = 'team.member_added' AND relay_count >= 2 AND payload->>'userId' = ANY($1::text[])`,
        [members.slice(0, 10).map((m) => m.id)],
      ),
    ).toBe(10);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE dead_at IS NOT NULL`)).toBe(0);
  }, 45_000);
});
