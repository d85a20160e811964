import { createHash } from 'node:crypto';
import { createTestApp, problemOf, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * design.md §9, sessions: a login opens a server-side session; access tokens carry its `sid` and live
 * 15 minutes; refresh tokens rotate, and a reused one ends the whole session; logout, idle and
 * absolute timeouts, deactivation, the user and the admin end sessions; a token of an ended session
 * gets 401. Session times are Postgres' now(): tests age a session by moving its row back.
 */
describe('sessions', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());
  const me = (token: string) => http().get('/api/me').set('Authorization', `Bearer ${token}`);
  const login = (user: TestUser, userAgent = 'Mozilla/5.0 test browser') =>
    http().post('/api/auth/login').set('User-Agent', userAgent).send({ email: user.email, password: TEST_PASSWORD }).expect(200);
  const refreshWith = (refreshToken: string) => http().post('/api/auth/refresh').send({ refreshToken });
  const sidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sid as string;
  const sessionRow = async (id: string) =>
    (
      await ctx.db.query<{ ended_at: Date | null; end_reason: string | null; user_agent: string; ip: string; hours: number }>(
        `SELECT ended_at, end_reason, user_agent, ip, extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM sessions WHERE id = $1`,
        [id],
      )
    )[0];
  const audits = async (action: string, resourceId: string | null) =>
    ctx.db.query<{ actor_id: string | null; outcome: string }>(
      `SELECT actor_id, outcome FROM audit_events WHERE action = $1 AND resource_id IS NOT DISTINCT FROM $2 ORDER BY seq`,
      [action, resourceId],
    );
  const cookieOf = (res: request.Response) => {
    const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
    return raw?.find((c) => c.startsWith('oneroof_refresh='));
  };

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('a login answers accessToken, expiresIn, refreshToken and user, sets the cookie, and opens a session of 12 hours', async () => {
    const user = await ctx.factory.user();
    const res = await login(user);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    expect(res.body.expiresIn).toBe(900);
    const cookie = cookieOf(res)!;
    expect(cookie).toMatch(new RegExp(`^oneroof_refresh=${res.body.refreshToken}; Max-Age=(4319[0-9]|43200); `));
    expect(cookie.split('; ').slice(2).sort()).toEqual(['HttpOnly', 'Path=/api/auth', 'SameSite=Strict', 'Secure']);
    const session = await sessionRow(sidOf(res.body.accessToken));
    expect(session).toMatchObject({ ended_at: null, user_agent: 'Mozilla/5.0 test browser', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(Number(session.hours)).toBe(12);
    expect(await audits('auth.login', user.id)).toEqual([{ actor_id: user.id, outcome: 'success' }]);
  });

  it('stores refresh tokens only as their SHA-256', async () => {
    const user = await ctx.factory.user();
    const { refreshToken } = (await login(user)).body;
    const hash = createHash('sha256').update(refreshToken).digest();
    expect(await ctx.db.query(`SELECT 1 FROM session_refresh_tokens WHERE token_hash = $1`, [hash])).toHaveLength(1);
    const dump = JSON.stringify(await ctx.db.query(`SELECT encode(token_hash, 'escape') AS t, * FROM session_refresh_tokens`));
    expect(dump).not.toContain(refreshToken);
  });

  it('a refresh rotates: new tokens of the same session, the old refresh token spent, audited', async () => {
    const user = await ctx.factory.user();
    const first = (await login(user)).body;
    const res = await refreshWith(first.refreshToken).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect(sidOf(res.body.accessToken)).toBe(sidOf(first.accessToken));
    expect(cookieOf(res)).toContain(`oneroof_refresh=${res.body.refreshToken};`);
    expect((await me(res.body.accessToken)).status).toBe(200);
    expect(await audits('auth.refresh', sidOf(first.accessToken))).toEqual([{ actor_id: user.id, outcome: 'success' }]);
    // The new one works once more.
    await refreshWith(res.body.refreshToken).expect(200);
  });

  it('the cookie alone refreshes, as the web app does after a reload', async () => {
    const user = await ctx.factory.user();
    const first = (await login(user)).body;
    const res = await http().post('/api/auth/refresh').set('Cookie', `other=1; oneroof_refresh=${first.refreshToken}`).expect(200);
    expect(res.body.user.id).toBe(user.id);
    // The body wins over the cookie when both are there.
    await http()
      .post('/api/auth/refresh')
      .set('Cookie', `oneroof_refresh=${first.refreshToken}`)
      .send({ refreshToken: res.body.refreshToken })
      .expect(200);
  });

  it('presenting a used refresh token ends the whole session: its other tokens stop too', async () => {
    const user = await ctx.factory.user();
    const first = (await login(user)).body;
    const second = (await refreshWith(first.refreshToken).expect(200)).body;
    const reuse = await refreshWith(first.refreshToken);
    expect(problemOf(reuse, 401).code).toBe('SESSION_ENDED');
    expect(cookieOf(reuse)).toMatch(/^oneroof_refresh=; Max-Age=0;/);
    expect(problemOf(await refreshWith(second.refreshToken), 401).code).toBe('SESSION_ENDED');
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
    expect((await sessionRow(sidOf(first.accessToken))).end_reason).toBe('refresh_reuse');
    expect((await audits('auth.refresh', sidOf(first.accessToken))).map((a) => a.outcome)).toEqual(['success', 'denied', 'denied']);
  });

  it('an unknown, missing or malformed refresh token gets the one 401, audited without an actor; a wrong type is a 400', async () => {
    const before = (await audits('auth.refresh', null)).length;
    expect(problemOf(await refreshWith('not-a-token-we-issued'), 401).code).toBe('SESSION_ENDED');
    expect(problemOf(await http().post('/api/auth/refresh'), 401).code).toBe('SESSION_ENDED');
    expect((await audits('auth.refresh', null)).slice(before)).toEqual([{ actor_id: null, outcome: 'denied' }]);
    expect(problemOf(await http().post('/api/auth/refresh').send({ refreshToken: 42 }), 400).errors?.[0].field).toBe('refreshToken');
  });

  it('logout with the bearer token ends the session and clears the cookie; a second logout ends nothing', async () => {
    const user = await ctx.factory.user();
    const session = (await login(user)).body;
    const res = await http().post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`).expect(200);
    expect(res.body).toEqual({ ended: true });
    expect(cookieOf(res)).toMatch(/^oneroof_refresh=; Max-Age=0; /);
    expect(problemOf(await me(session.accessToken), 401).code).toBe('UNAUTHENTICATED');
    expect(problemOf(await refreshWith(session.refreshToken), 401).code).toBe('SESSION_ENDED');
    expect((await sessionRow(sidOf(session.accessToken))).end_reason).toBe('logout');
    expect(await audits('auth.logout', sidOf(session.accessToken))).toEqual([{ actor_id: user.id, outcome: 'success' }]);
    expect((await http().post('/api/auth/logout').set('Cookie', `oneroof_refresh=${session.refreshToken}`).expect(200)).body).toEqual({
      ended: false,
    });
    expect((await http().post('/api/auth/logout').expect(200)).body).toEqual({ ended: false });
  });

  it('logout with the cookie alone (an expired access token) ends the session too', async () => {
    const user = await ctx.factory.user();
    const session = (await login(user)).body;
    expect((await http().post('/api/auth/logout').set('Cookie', `oneroof_refresh=${session.refreshToken}`).expect(200)).body).toEqual({
      ended: true,
    });
    expect((await me(session.accessToken)).status).toBe(401);
  });

  it(`a session idle for longer than SESSION_IDLE_MINUTES ends; a request within it keeps it alive`, async () => {
    const user = await ctx.factory.user();
    const session = (await login(user)).body;
    const sid = sidOf(session.accessToken);
    await ctx.db.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sid]);
    expect((await me(session.accessToken)).status).toBe(200);
    const [seen] = await ctx.db.query<{ fresh: boolean }>(
      `SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM sessions WHERE id = $1`,
      [sid],
    );
    expect(seen.fresh).toBe(true);
    await ctx.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
    expect(problemOf(await me(session.accessToken), 401).code).toBe('UNAUTHENTICATED');
    expect(problemOf(await refreshWith(session.refreshToken), 401).code).toBe('SESSION_ENDED');
    expect((await sessionRow(sid)).end_reason).toBe('idle');
  });

  it('a session past its absolute end (SESSION_MAX_HOURS) ends, however busy it was', async () => {
    const user = await ctx.factory.user();
    const session = (await login(user)).body;
    const sid = sidOf(session.accessToken);
    await ctx.db.query(
      `UPDATE sessions SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' WHERE id = $1`,
      [sid],
    );
    expect((await me(session.accessToken)).status).toBe(401);
    expect(problemOf(await refreshWith(session.refreshToken), 401).code).toBe('SESSION_ENDED');
    expect((await sessionRow(sid)).end_reason).toBe('expired');
  });

  it('deactivation ends every session of the user', async () => {
    const admin = await ctx.factory.admin();
    const user = await ctx.factory.user();
    const a = (await login(user)).body;
    const b = (await login(user)).body;
    await http().patch(`/api/users/${user.id}`).set('Authorization', admin.auth).send({ active: false }).expect(200);
    for (const s of [a, b]) {
      expect((await sessionRow(sidOf(s.accessToken))).end_reason).toBe('deactivated');
      expect(problemOf(await refreshWith(s.refreshToken), 401).code).toBe('SESSION_ENDED');
    }
    await http().patch(`/api/users/${user.id}`).set('Authorization', admin.auth).send({ active: true }).expect(200);
    expect((await me(a.accessToken)).status).toBe(401);
    expect(problemOf(await refreshWith(b.refreshToken), 401).code).toBe('SESSION_ENDED');
  });

  describe('session lists', () => {
    it('GET /api/me/sessions lists my live sessions, newest first, marking the current one; never ended ones or another user’s', async () => {
      const user = await ctx.factory.user();
      const other = await ctx.factory.user();
      const older = (await login(user, 'Firefox on the desk')).body;
      const ended = (await login(user, 'Ended')).body;
      const newer = (await login(user, 'Chromium on a laptop')).body;
      await login(other);
      await http().post('/api/auth/logout').set('Authorization', `Bearer ${ended.accessToken}`).expect(200);
      const res = await http().get('/api/me/sessions').set('Authorization', `Bearer ${older.accessToken}`).expect(200);
      expect(res.body.nextCursor).toBeNull();
      // The factory's own session for the user comes first in time.
      expect(res.body.items.map((s: { userAgent: string }) => s.userAgent)).toEqual([
        'Chromium on a laptop',
        'Firefox on the desk',
        'test factory',
      ]);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(
        ['createdAt', 'current', 'endedAt', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'userAgent', 'userId'].sort(),
      );
      expect(res.body.items.map((s: { id: string; current: boolean }) => [s.id, s.current])).toEqual([
        [sidOf(newer.accessToken), false],
        [sidOf(older.accessToken), true],
        [user.sessionId, false],
      ]);
      const page = await http().get('/api/me/sessions?limit=2').set('Authorization', `Bearer ${older.accessToken}`).expect(200);
      const rest = await http()
        .get(`/api/me/sessions?limit=2&cursor=${page.body.nextCursor}`)
        .set('Authorization', `Bearer ${older.accessToken}`)
        .expect(200);
      expect([...page.body.items, ...rest.body.items].map((s: { id: string }) => s.id)).toEqual(
        res.body.items.map((s: { id: string }) => s.id),
      );
    });

    it('DELETE /api/me/sessions/:id ends one of mine (its tokens stop), audited; another user’s is 404 and stays', async () => {
      const user = await ctx.factory.user();
      const other = await ctx.factory.user();
      const laptop = (await login(user)).body;
      const res = await http()
        .delete(`/api/me/sessions/${sidOf(laptop.accessToken)}`)
        .set('Authorization', user.auth)
        .expect(200);
      expect(res.body).toMatchObject({ id: sidOf(laptop.accessToken), endedAt: expect.any(String), current: false });
      expect((await me(laptop.accessToken)).status).toBe(401);
      expect((await me(user.token)).status).toBe(200);
      expect(await audits('auth.session_ended', sidOf(laptop.accessToken))).toEqual([{ actor_id: user.id, outcome: 'success' }]);
      expect(problemOf(await http().delete(`/api/me/sessions/${other.sessionId}`).set('Authorization', user.auth), 404).code).toBe(
        'SESSION_NOT_FOUND',
      );
      expect((await me(other.token)).status).toBe(200);
      expect(problemOf(await http().delete(`/api/me/sessions/not-a-uuid`).set('Authorization', user.auth), 400).errors?.[0].field).toBe(
        'id',
      );
    });

    it('DELETE /api/users/:id/sessions: an admin ends all of a user’s sessions; others get 403; an unknown user 404', async () => {
      const admin = await ctx.factory.admin();
      const user = await ctx.factory.user();
      const bystander = await ctx.factory.user();
      const a = (await login(user)).body;
      expect(problemOf(await http().delete(`/api/users/${user.id}/sessions`).set('Authorization', bystander.auth), 403).code).toBe(
        'ROLE_REQUIRED',
      );
      expect((await me(a.accessToken)).status).toBe(200);
      const res = await http().delete(`/api/users/${user.id}/sessions`).set('Authorization', admin.auth).expect(200);
      expect(res.body).toEqual({ ended: 2 });
      expect((await me(a.accessToken)).status).toBe(401);
      expect((await me(user.token)).status).toBe(401);
      expect((await me(bystander.token)).status).toBe(200);
      expect(await audits('auth.sessions_ended', user.id)).toEqual([{ actor_id: admin.id, outcome: 'success' }]);
      expect(
        problemOf(await http().delete(`/api/users/00000000-0000-4000-8000-000000000000/sessions`).set('Authorization', admin.auth), 404)
          .code,
      ).toBe('USER_NOT_FOUND');
    });
  });
});

describe('sessions under other limits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ SESSION_IDLE_MINUTES: '5', SESSION_MAX_HOURS: '1' });
  });
  afterAll(() => ctx.close());

  it('SESSION_IDLE_MINUTES and SESSION_MAX_HOURS set the timeouts', async () => {
    const user = await ctx.factory.user();
    const res = await request(ctx.app.getHttpServer())
      .post('/api/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const sid = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString()).sid;
    const [row] = await ctx.db.query<{ hours: number }>(
      `SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM sessions WHERE id = $1`,
      [sid],
    );
    expect(Number(row.hours)).toBe(1);
    await ctx.db.query(`UPDATE sessions SET last_seen_at = now() - interval '6 minutes' WHERE id = $1`, [sid]);
    expect((await request(ctx.app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${res.body.accessToken}`)).status).toBe(401);
  });
});
