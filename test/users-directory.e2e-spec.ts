import { createTestApp, problemOf, type TestContext } from '@oneroof/testing';
import request from 'supertest';

/** Issue 14's leftover: the directory lists active users, and deactivated ones only to an admin who asks. */
describe('users directory', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('lists active users by default, deactivated ones with ?active=false for an admin only', async () => {
    const organisation = await ctx.factory.organisation();
    const active = await ctx.factory.user({ organisationId: organisation.id });
    const gone = await ctx.factory.user({ organisationId: organisation.id, active: false });
    const admin = await ctx.factory.admin();
    const ids = async (auth: string, query = '') =>
      (await http().get(`/api/users?organisationId=${organisation.id}${query}`).set('Authorization', auth).expect(200)).body.items.map(
        (u: { id: string }) => u.id,
      );
    expect(await ids(active.auth)).toEqual([active.id]);
    expect(await ids(admin.auth)).toEqual([active.id]);
    expect(await ids(admin.auth, '&active=false')).toEqual([gone.id]);
    problemOf(await http().get(`/api/users?active=false`).set('Authorization', active.auth), 403);
    problemOf(await http().get(`/api/users?active=maybe`).set('Authorization', admin.auth), 400);
  });

  it('deactivating a user ends their sessions (through SessionsService)', async () => {
    const admin = await ctx.factory.admin();
    const user = await ctx.factory.user();
    await http().get('/api/me').set('Authorization', user.auth).expect(200);
    await http().patch(`/api/users/${user.id}`).set('Authorization', admin.auth).send({ active: false }).expect(200);
    problemOf(await http().get('/api/me').set('Authorization', user.auth), 401);
    const [row] = await ctx.db.query<{ end_reason: string }>(`SELECT end_reason FROM sessions WHERE id = $1`, [user.sessionId]);
    expect(row.end_reason).toBe('deactivated');
  });
});
