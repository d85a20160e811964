import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp, waitFor, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/bootstrap';
import type { WorkerApp } from '../apps/worker/src/bootstrap';
import { countRows, openCase, startWorker } from './notifications/support';

/**
 * design.md §11 behind a load balancer (issue 11): two API processes and two workers against one
 * database. A client sees no difference between the two APIs, the workers share the events with
 * none lost or doubled, and with TRUST_PROXY the audit records the client's address, not the proxy's.
 */
describe('two APIs and two workers on one database', () => {
  let ctx: TestContext;
  let second: NestFastifyApplication;
  let untrusting: NestFastifyApplication;
  let workers: WorkerApp[] = [];
  let lead: TestUser;

  beforeAll(async () => {
    // The test's requests come from the loopback address: here it plays the load balancer.
    ctx = await createTestApp({ TRUST_PROXY: '127.0.0.1,::1' });
    second = await createApiApp(ctx.config, { clock: ctx.clock, logger: false });
    untrusting = await createApiApp({ ...ctx.config, trustProxy: false }, { clock: ctx.clock, logger: false });
    for (const app of [second, untrusting]) {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    }
    workers = [await startWorker(ctx), await startWorker(ctx)];
    lead = await ctx.factory.user();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await second?.close();
    await untrusting?.close();
    await ctx?.close();
  });

  it('answers a read the same through either API, and each audits it with the client address the proxy passed on', async () => {
    const opened = await openCase(ctx, lead);
    const viaFirst = await request(ctx.app.getHttpServer())
      .get(`/api/cases/${opened.id}`)
      .set('Authorization', lead.auth)
      .set('X-Forwarded-For', '203.0.113.7');
    const viaSecond = await request(second.getHttpServer())
      .get(`/api/cases/${opened.id}`)
      .set('Authorization', lead.auth)
      .set('X-Forwarded-For', '203.0.113.8');
    expect(viaFirst.status).toBe(200);
    expect(viaSecond.status).toBe(200);
    expect(viaSecond.body).toEqual(viaFirst.body);
    const ips = await ctx.db.query<{ ip: string }>(
      `SELECT ip FROM audit_events WHERE action = 'case.read' AND case_id = $1 AND outcome = 'success' ORDER BY seq`,
      [opened.id],
    );
    expect(ips.map((r) => r.ip)).toEqual(['203.0.113.7', '203.0.113.8']);
  });

  it('without TRUST_PROXY the header is ignored: the audit keeps the socket address', async () => {
    const opened = await openCase(ctx, lead);
    const response = await request(untrusting.getHttpServer())
      .get(`/api/cases/${opened.id}`)
      .set('Authorization', lead.auth)
      .set('X-Forwarded-For', '203.0.113.9');
    expect(response.status).toBe(200);
    const [row] = await ctx.db.query<{ ip: string }>(`SELECT ip FROM audit_events WHERE action = 'case.read' AND case_id = $1`, [
      opened.id,
    ]);
    expect(row.ip).not.toBe('203.0.113.9');
    expect(row.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('team additions through both APIs: the two workers notify every new member exactly once', async () => {
    const opened = await openCase(ctx, lead);
    const members = await Promise.all(Array.from({ length: 30 }, () => ctx.factory.user()));
    for (const [i, member] of members.entries()) {
      const api = i % 2 === 0 ? ctx.app : second;
      const response = await request(api.getHttpServer())
        .post(`/api/cases/${opened.id}/team`)
        .set('Authorization', lead.auth)
        .set('Idempotency-Key', `scale-out-${i}-${opened.id}`)
        .send({ userId: member.id });
      expect(response.status).toBe(201);
    }
    const ids = members.map((m) => m.id);
    await waitFor(
      'every new member notified',
      async () =>
        (await countRows(
          ctx,
          `SELECT count(*) AS n FROM notifications WHERE kind = 'team.member_added' AND recipient_id = ANY($1::uuid[])`,
          [ids],
        )) >= ids.length,
    );
    const perMember = await ctx.db.query<{ recipient_id: string; n: string }>(
      `SELECT recipient_id, count(*) AS n FROM notifications WHERE kind = 'team.member_added' AND recipient_id = ANY($1::uuid[]) GROUP BY recipient_id`,
      [ids],
    );
    expect(perMember).toHaveLength(ids.length);
    expect(perMember.every((row) => row.n === '1')).toBe(true);
    expect(await countRows(ctx, `SELECT count(*) AS n FROM outbox_events WHERE type = 'team.member_added' AND processed_at IS NULL`)).toBe(
      0,
    );
  });
});
