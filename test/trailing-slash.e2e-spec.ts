import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15 finding 13 (trailing slashes), decided: an address with a trailing slash is another
 * address, and no route has one, so it is the same 404 problem as any unknown address. One address
 * per resource keeps access logs, metrics and caches keyed once; before, `/api/cases/` answered
 * 405 "does not take GET; it takes GET, POST".
 */
describe('trailing slashes', () => {
  let ctx: TestContext;
  let user: TestUser;
  let caseId: string;
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    ctx = await createTestApp();
    user = await ctx.factory.user({ discipline: 'police' });
    const opened = await http()
      .post('/api/cases')
      .set('Authorization', user.auth)
      .send({ urgency: 'regular', source: 'family', summary: 'x' });
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
  });
  afterAll(() => ctx?.close());

  it.each([
    ['GET', '/api/cases/'],
    ['POST', '/api/cases/'],
    ['GET', () => `/api/cases/${caseId}/`],
    ['GET', '/api/me/'],
    ['GET', '/health/live/'],
  ])('%s %s is the 404 of an unknown address', async (method, path) => {
    const url = typeof path === 'function' ? path() : path;
    const call = method === 'GET' ? http().get(url) : http().post(url).send({ urgency: 'regular', source: 'family', summary: 'x' });
    const response = await call.set('Authorization', user.auth);
    const body = problemOf(response, 404);
    const unknown = problemOf(await http().get('/api/no-such-address').set('Authorization', user.auth), 404);
    expect({ ...body, requestId: undefined }).toEqual({ ...unknown, requestId: undefined });
    expect(response.headers.allow).toBeUndefined();
  });

  it('the same addresses without the slash are served', async () => {
    expect((await http().get('/api/cases').set('Authorization', user.auth)).status).toBe(200);
    expect((await http().get(`/api/cases/${caseId}`).set('Authorization', user.auth)).status).toBe(200);
    expect((await http().get('/health/live')).status).toBe(200);
  });
});
