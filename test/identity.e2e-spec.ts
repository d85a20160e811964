import { createTestApp, problemOf, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * design.md §4, identity: login and its lockout and rate limit, the users directory, organisations,
 * admin-only writes, and bad bodies that change nothing. Every login leaves exactly one audit row.
 */
const USER_KEYS = ['active', 'createdAt', 'discipline', 'email', 'id', 'name', 'organisationId', 'roles'];
const withoutRequestId = (body: Record<string, unknown>) => {
  const { requestId, ...rest } = body;
  expect(typeof requestId).toBe('string');
  return rest;
};

describe('identity', () => {
  let ctx: TestContext;
  let admin: TestUser;
  const http = () => request(ctx.app.getHttpServer());
  const login = (email: string, password: string) => http().post('/api/auth/login').send({ email, password });
  const loginAudits = async () =>
    ctx.db.query<{ actor_id: string | null; resource_id: string | null; outcome: string; request_id: string | null }>(
      `SELECT actor_id, resource_id, outcome, request_id FROM audit_events WHERE action = 'auth.login' ORDER BY seq`,
    );
  /** Logs in and returns the response and the audit rows that attempt added. */
  const loginAudited = async (email: string, password: string) => {
    const before = (await loginAudits()).length;
    const res = await login(email, password);
    return { res, added: (await loginAudits()).slice(before) };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await ctx.factory.admin();
  });
  afterEach(() => ctx.clock.reset());
  afterAll(() => ctx.close());

  describe('login', () => {
    it('answers a right password with a token and the user, never the hash, and audits one success', async () => {
      const user = await ctx.factory.user({ discipline: 'forensic_medicine' });
      const { res, added } = await loginAudited(user.email, TEST_PASSWORD);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
      expect(Object.keys(res.body.user).sort()).toEqual(USER_KEYS);
      expect(res.body.user).toMatchObject({
        id: user.id,
        email: user.email,
        discipline: 'forensic_medicine',
        roles: ['professional'],
        active: true,
      });
      expect(res.text).not.toContain('scrypt');
      expect(res.text).not.toContain(TEST_PASSWORD);
      expect(added).toEqual([{ actor_id: user.id, resource_id: user.id, outcome: 'success', request_id: res.headers['x-request-id'] }]);
    });

    it('finds the email whatever its letter case or surrounding spaces', async () => {
      const user = await ctx.factory.user();
      expect((await login(`  ${user.email.toUpperCase()} `, TEST_PASSWORD)).status).toBe(200);
    });

    it('gives one and the same 401 for a wrong password, an unknown email and a deactivated user, each audited as denied', async () => {
      const user = await ctx.factory.user();
      const inactive = await ctx.factory.user({ active: false });
      const wrong = await loginAudited(user.email, 'not the password');
      const unknown = await loginAudited(`nobody-${Date.now()}@test.oneroof`, TEST_PASSWORD);
      const deactivated = await loginAudited(inactive.email, TEST_PASSWORD);
      const expected = {
        type: 'urn:oneroof:problem:invalid-credentials',
        title: 'Unauthorized',
        status: 401,
        detail: 'The email or password is wrong.',
        code: 'INVALID_CREDENTIALS',
      };
      for (const attempt of [wrong, unknown, deactivated]) {
        expect(withoutRequestId(problemOf(attempt.res, 401))).toEqual(expected);
        expect(attempt.res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      }
      expect(wrong.added).toEqual([expect.objectContaining({ actor_id: user.id, outcome: 'denied' })]);
      expect(unknown.added).toEqual([expect.objectContaining({ actor_id: null, resource_id: null, outcome: 'denied' })]);
      expect(deactivated.added).toEqual([expect.objectContaining({ actor_id: inactive.id, outcome: 'denied' })]);
    });

    it('stores passwords as salted scrypt hashes, never the password', async () => {
      const organisation = await ctx.factory.organisation();
      const password = 'a long enough password 1';
      const bodies = await Promise.all(
        ['one', 'two'].map((n) =>
          http()
            .post('/api/users')
            .set('Authorization', admin.auth)
            .send({ email: `hash-${n}@test.oneroof`, name: `Hash ${n}`, password, discipline: 'police', organisationId: organisation.id })
            .expect(201),
        ),
      );
      const rows = await ctx.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = ANY($1) ORDER BY email`, [
        bodies.map((res) => res.body.id),
      ]);
      for (const row of rows) {
        expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
        expect(row.password_hash).not.toContain(password);
      }
      expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
      expect((await login('hash-one@test.oneroof', password)).status).toBe(200);
    });
  });

  describe('lockout after five consecutive failures', () => {
    it('locks the email for 15 minutes: even the right password gets the wrong-password 401, and each attempt is audited', async () => {
      const user = await ctx.factory.user();
      const reference = withoutRequestId(problemOf(await login(user.email, 'wrong 0'), 401));
      for (let i = 1; i < 5; i++) expect((await login(user.email, `wrong ${i}`)).status).toBe(401);
      const locked = await loginAudited(user.email, TEST_PASSWORD);
      expect(withoutRequestId(problemOf(locked.res, 401))).toEqual(reference);
      expect(locked.added).toEqual([expect.objectContaining({ actor_id: user.id, outcome: 'denied' })]);

      ctx.clock.advance(14 * 60_000 + 50_000);
      expect(withoutRequestId(problemOf(await login(user.email, TEST_PASSWORD), 401))).toEqual(reference);
      ctx.clock.advance(11_000);
      const unlocked = await loginAudited(user.email, TEST_PASSWORD);
      expect(unlocked.res.status).toBe(200);
      expect(unlocked.added).toEqual([expect.objectContaining({ actor_id: user.id, outcome: 'success' })]);
    });

    it('locks an email no user has in exactly the same way', async () => {
      const email = `ghost-${Date.now()}@test.oneroof`;
      const user = await ctx.factory.user();
      for (let i = 0; i < 5; i++) expect((await login(email, `guess ${i}`)).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await login(user.email, `guess ${i}`)).status).toBe(401);
      const ghost = await login(email, TEST_PASSWORD);
      const real = await login(user.email, TEST_PASSWORD);
      expect(ghost.status).toBe(real.status);
      expect(withoutRequestId(problemOf(ghost, 401))).toEqual(withoutRequestId(problemOf(real, 401)));
      expect(
        Object.keys(ghost.headers)
          .filter((h) => h !== 'date' && h !== 'x-request-id')
          .sort(),
      ).toEqual(
        Object.keys(real.headers)
          .filter((h) => h !== 'date' && h !== 'x-request-id')
          .sort(),
      );
    });

    it('counts only consecutive failures: a success in between starts the count again', async () => {
      const user = await ctx.factory.user();
      for (let i = 0; i < 4; i++) expect((await login(user.email, `wrong ${i}`)).status).toBe(401);
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await login(user.email, `wrong ${i}`)).status).toBe(401);
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);
    });

    it('locks one email, not its neighbours', async () => {
      const victim = await ctx.factory.user();
      const neighbour = await ctx.factory.user();
      for (let i = 0; i < 5; i++) await login(victim.email, `wrong ${i}`);
      expect((await login(victim.email, TEST_PASSWORD)).status).toBe(401);
      expect((await login(neighbour.email, TEST_PASSWORD)).status).toBe(200);
    });

    it('counts the email case-insensitively, so changing its case does not buy more guesses', async () => {
      const user = await ctx.factory.user();
      for (let i = 0; i < 5; i++) await login(i % 2 ? user.email.toUpperCase() : user.email, `wrong ${i}`);
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(401);
    });
  });

  describe('global guard and roles', () => {
    it.each([
      ['POST', '/api/organisations', { name: 'Forbidden org', kind: 'police' }],
      [
        'POST',
        '/api/users',
        {
          email: 'x@test.oneroof',
          name: 'X',
          password: 'a long enough password',
          discipline: 'police',
          organisationId: '00000000-0000-4000-8000-000000000000',
        },
      ],
      ['PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { name: 'X' }],
    ])('%s %s is admin only: 401 without a token, 403 for a professional and a coordinator', async (method, path, body) => {
      const verb = method.toLowerCase() as 'post' | 'patch';
      expect(problemOf(await http()[verb](path).send(body), 401).code).toBe('UNAUTHENTICATED');
      for (const caller of [await ctx.factory.user({ discipline: 'police' }), await ctx.factory.coordinator()]) {
        const res = await http()[verb](path).set('Authorization', caller.auth).send(body);
        expect(problemOf(res, 403)).toMatchObject({ code: 'ROLE_REQUIRED', detail: 'This action needs the role admin.' });
      }
    });

    it.each([['/api/users'], ['/api/organisations'], ['/api/me']])('GET %s is open to any user, 401 without a token', async (path) => {
      expect(problemOf(await http().get(path), 401).code).toBe('UNAUTHENTICATED');
      const user = await ctx.factory.user({ discipline: 'mental_health' });
      expect((await http().get(path).set('Authorization', user.auth)).status).toBe(200);
    });
  });

  describe('organisations', () => {
    it('an admin creates one (201, name trimmed); any user lists them; a name in another letter case is 409', async () => {
      const created = await http()
        .post('/api/organisations')
        .set('Authorization', admin.auth)
        .send({ name: '  Politie Zuid  ', kind: 'police' });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'id', 'kind', 'name']);
      expect(created.body).toMatchObject({ name: 'Politie Zuid', kind: 'police' });
      const duplicate = await http()
        .post('/api/organisations')
        .set('Authorization', admin.auth)
        .send({ name: 'POLITIE ZUID', kind: 'other' });
      expect(problemOf(duplicate, 409)).toMatchObject({
        code: 'ORGANISATION_NAME_TAKEN',
        errors: [{ field: 'name', message: 'name is taken' }],
      });
      const user = await ctx.factory.user();
      const list = await http().get('/api/organisations?limit=200').set('Authorization', user.auth);
      expect(list.status).toBe(200);
      expect(Object.keys(list.body).sort()).toEqual(['items', 'nextCursor']);
      expect(list.body.items).toContainEqual(created.body);
    });
  });

  describe('users', () => {
    it('an admin creates a user (201, professional by default, no password in the answer), who can then log in', async () => {
      const organisation = await ctx.factory.organisation('veilig_thuis');
      const res = await http().post('/api/users').set('Authorization', admin.auth).send({
        email: 'J.deVries@VT.example',
        name: ' Jan de Vries ',
        password: 'twelve chars!',
        discipline: 'social_work',
        organisationId: organisation.id,
      });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toMatchObject({
        email: 'J.deVries@VT.example',
        name: 'Jan de Vries',
        roles: ['professional'],
        discipline: 'social_work',
        active: true,
        organisationId: organisation.id,
      });
      expect(res.text).not.toContain('twelve chars!');
      expect((await login('j.devries@vt.example', 'twelve chars!')).status).toBe(200);
    });

    it('refuses an email that exists in another letter case with 409, and changes nothing', async () => {
      const existing = await ctx.factory.user();
      const before = await ctx.db.query(`SELECT count(*)::int AS n FROM users`);
      const res = await http().post('/api/users').set('Authorization', admin.auth).send({
        email: existing.email.toUpperCase(),
        name: 'Twin',
        password: 'a long enough password',
        discipline: 'police',
        organisationId: existing.organisationId,
      });
      expect(problemOf(res, 409)).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ field: 'email', message: 'email is taken' }] });
      expect(await ctx.db.query(`SELECT count(*)::int AS n FROM users`)).toEqual(before);
    });

    it('refuses an organisation that does not exist with 422 naming organisationId', async () => {
      const res = await http().post('/api/users').set('Authorization', admin.auth).send({
        email: 'orphan@test.oneroof',
        name: 'Orphan',
        password: 'a long enough password',
        discipline: 'police',
        organisationId: '00000000-0000-4000-8000-000000000000',
      });
      expect(problemOf(res, 422)).toMatchObject({
        code: 'UNKNOWN_ORGANISATION',
        errors: [{ field: 'organisationId', message: 'organisationId names no organisation' }],
      });
    });

    it('an admin renames, re-roles and deactivates a user with PATCH', async () => {
      const user = await ctx.factory.user();
      const res = await http()
        .patch(`/api/users/${user.id}`)
        .set('Authorization', admin.auth)
        .send({ name: 'New Name', roles: ['professional', 'coordinator'], active: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, name: 'New Name', roles: ['professional', 'coordinator'], active: false });
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
    });

    it('PATCH of a user that does not exist is 404; of an id that is no uuid, 400 naming id', async () => {
      expect(
        problemOf(
          await http().patch('/api/users/00000000-0000-4000-8000-000000000000').set('Authorization', admin.auth).send({ name: 'X' }),
          404,
        ).code,
      ).toBe('USER_NOT_FOUND');
      expect(problemOf(await http().patch('/api/users/42').set('Authorization', admin.auth).send({ name: 'X' }), 400).errors).toEqual([
        { field: 'id', message: 'id must be a UUID' },
      ]);
    });
  });

  describe('the users directory', () => {
    let orgA: string;
    let orgB: string;
    let viewer: TestUser;

    beforeAll(async () => {
      orgA = (await ctx.factory.organisation('police')).id;
      orgB = (await ctx.factory.organisation('youth_care')).id;
      for (let i = 0; i < 3; i++) await ctx.factory.user({ discipline: 'police', organisationId: orgA });
      await ctx.factory.user({ discipline: 'youth_care', organisationId: orgA });
      for (let i = 0; i < 2; i++) await ctx.factory.user({ discipline: 'youth_care', organisationId: orgB });
      viewer = await ctx.factory.user({ discipline: 'mental_health' });
    });

    const directory = (query: string) => http().get(`/api/users${query}`).set('Authorization', viewer.auth);

    it.each<[string, { discipline?: string; organisationId?: 'A' | 'B' }]>([
      ['?discipline=police', { discipline: 'police' }],
      [`?organisationId=ORG_A`, { organisationId: 'A' }],
      [`?discipline=youth_care&organisationId=ORG_B`, { discipline: 'youth_care', organisationId: 'B' }],
    ])('filters by %s', async (query, filter) => {
      const orgs: Record<string, string> = { A: orgA, B: orgB };
      const res = await directory(query.replace('ORG_A', orgA).replace('ORG_B', orgB));
      expect(res.status).toBe(200);
      const expected = await ctx.db.query<{ id: string }>(
        `SELECT id FROM users WHERE active AND ($1::text IS NULL OR discipline = $1) AND ($2::uuid IS NULL OR organisation_id = $2)`,
        [filter.discipline ?? null, filter.organisationId ? orgs[filter.organisationId] : null],
      );
      expect(res.body.items.map((u: { id: string }) => u.id).sort()).toEqual(expected.map((r) => r.id).sort());
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(USER_KEYS);
    });

    it('pages with ?limit and ?cursor through every user exactly once, in a stable order', async () => {
      // The directory lists active users (issue 14); deactivated ones only for an admin who asks.
      const [{ n }] = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE active`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await directory(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((u: { id: string }) => u.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor !== null && pages < 100);
      expect(seen.length).toBe(n);
      expect(new Set(seen).size).toBe(n);
      expect(pages).toBe(Math.ceil(n / 2));
    });

    it('defaults to 50 a page and allows 200', async () => {
      const base = await ctx.factory.organisation();
      await ctx.db.query(
        `INSERT INTO users (email, name, discipline, organisation_id, password_hash)
         SELECT 'bulk' || i || '@test.oneroof', 'Bulk ' || i, 'child_protection', $1, 'x' FROM generate_series(1, 60) i`,
        [base.id],
      );
      const first = await directory(`?organisationId=${base.id}`);
      expect(first.body.items).toHaveLength(50);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const all = await directory(`?organisationId=${base.id}&limit=200`);
      expect(all.body.items).toHaveLength(60);
      expect(all.body.nextCursor).toBeNull();
    });

    it.each([
      ['?limit=201', 'limit'],
      ['?limit=0', 'limit'],
      ['?limit=-1', 'limit'],
      ['?limit=ten', 'limit'],
      ['?cursor=garbage', 'cursor'],
      [`?cursor=${Buffer.from('{"list":"users","name":1}').toString('base64url')}`, 'cursor'],
      ['?discipline=astrology', 'discipline'],
      ['?organisationId=not-a-uuid', 'organisationId'],
      ['?role=admin', 'role'],
    ])('%s is a 400 naming %s', async (query, field) => {
      const body = problemOf(await directory(query), 400);
      expect(body.code).toBe('INVALID_INPUT');
      expect(new Set(body.errors?.map((e) => e.field))).toEqual(new Set([field]));
    });

    it('a cursor of another list is refused, not misread (organisations cursor on users works only if it has the same shape)', async () => {
      const res = await http().get('/api/organisations?cursor=garbage').set('Authorization', viewer.auth);
      expect(problemOf(res, 400).errors).toEqual([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
    });
  });

  describe('the last active admin', () => {
    it('cannot be deactivated or lose the admin role (409); with a second admin both are allowed', async () => {
      const last = await ctx.factory.admin();
      await ctx.db.query(`UPDATE users SET active = false WHERE 'admin' = ANY(roles) AND id <> $1`, [last.id]);
      for (const change of [{ active: false }, { roles: ['professional'] }, { roles: ['coordinator'], active: false }]) {
        const res = await http().patch(`/api/users/${last.id}`).set('Authorization', last.auth).send(change);
        expect(problemOf(res, 409)).toMatchObject({
          code: 'LAST_ADMIN',
          detail: 'The last active admin cannot be deactivated or lose the admin role.',
        });
      }
      const [row] = await ctx.db.query<{ roles: string[]; active: boolean }>(`SELECT roles, active FROM users WHERE id = $1`, [last.id]);
      expect(row).toEqual({ roles: ['admin'], active: true });
      // Keeping admin while changing other things is fine.
      expect(
        (
          await http()
            .patch(`/api/users/${last.id}`)
            .set('Authorization', last.auth)
            .send({ roles: ['admin', 'coordinator'], name: 'Still admin' })
        ).status,
      ).toBe(200);
      // An inactive admin does not count; an active second one does.
      const second = await ctx.factory.admin();
      const res = await http().patch(`/api/users/${last.id}`).set('Authorization', second.auth).send({ active: false });
      expect(res.status).toBe(200);
      expect(
        problemOf(
          await http()
            .patch(`/api/users/${second.id}`)
            .set('Authorization', second.auth)
            .send({ roles: ['professional'] }),
          409,
        ).code,
      ).toBe('LAST_ADMIN');
      admin = second;
    });
  });

  describe('a bad body changes nothing', () => {
    let target: TestUser;
    let organisationId: string;
    const validUser = () => ({
      email: `valid-${Date.now()}@test.oneroof`,
      name: 'Valid',
      password: 'a long enough password',
      discipline: 'police',
      organisationId,
    });

    beforeAll(async () => {
      target = await ctx.factory.user();
      organisationId = (await ctx.factory.organisation()).id;
    });

    /** A fingerprint of every table a refused request could have touched. */
    const snapshot = async () =>
      ctx.db.query(
        `SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM users t) AS users,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM organisations t) AS organisations,
                (SELECT count(*) FROM audit_events) AS audit,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.email_key), '')) FROM login_lockouts t) AS lockouts,
                (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.client_ip, t.window_start), '')) FROM login_rate_windows t) AS rate`,
      );

    type Case = [string, string, string, () => string, () => Record<string, unknown>];
    const cases: Case[] = [
      ['login', 'POST', 'password', () => '/api/auth/login', () => ({ email: 'a@b.c' })],
      ['login', 'POST', 'email', () => '/api/auth/login', () => ({ email: 42, password: 'x' })],
      ['login', 'POST', 'email', () => '/api/auth/login', () => ({ email: '', password: 'x' })],
      ['login', 'POST', 'admin', () => '/api/auth/login', () => ({ email: 'a@b.c', password: 'x', admin: true })],
      ['organisations', 'POST', 'kind', () => '/api/organisations', () => ({ name: 'No kind' })],
      ['organisations', 'POST', 'kind', () => '/api/organisations', () => ({ name: 'Bank', kind: 'bank' })],
      ['organisations', 'POST', 'name', () => '/api/organisations', () => ({ name: '   ', kind: 'police' })],
      ['organisations', 'POST', 'name', () => '/api/organisations', () => ({ name: 'x'.repeat(201), kind: 'police' })],
      [
        'organisations',
        'POST',
        'id',
        () => '/api/organisations',
        () => ({ name: 'With id', kind: 'police', id: '00000000-0000-4000-8000-000000000000' }),
      ],
      ['users', 'POST', 'email', () => '/api/users', () => ({ ...validUser(), email: 'not-an-email' })],
      ['users', 'POST', 'password', () => '/api/users', () => ({ ...validUser(), password: 'short' })],
      ['users', 'POST', 'discipline', () => '/api/users', () => ({ ...validUser(), discipline: 'astrology' })],
      ['users', 'POST', 'roles', () => '/api/users', () => ({ ...validUser(), roles: ['superuser'] })],
      ['users', 'POST', 'roles', () => '/api/users', () => ({ ...validUser(), roles: 'admin' })],
      ['users', 'POST', 'organisationId', () => '/api/users', () => ({ ...validUser(), organisationId: 'nope' })],
      ['users', 'POST', 'name', () => '/api/users', () => ({ ...validUser(), name: undefined })],
      ['users', 'POST', 'passwordHash', () => '/api/users', () => ({ ...validUser(), passwordHash: 'scrypt$1$1$1$a$b' })],
      ['users', 'PATCH', 'active', () => `/api/users/${target.id}`, () => ({ active: 'yes' })],
      ['users', 'PATCH', 'roles', () => `/api/users/${target.id}`, () => ({ roles: ['god'] })],
      ['users', 'PATCH', 'roles', () => `/api/users/${target.id}`, () => ({ roles: [] })],
      ['users', 'PATCH', 'name', () => `/api/users/${target.id}`, () => ({ name: '' })],
      ['users', 'PATCH', 'email', () => `/api/users/${target.id}`, () => ({ name: 'Fine', email: 'new@test.oneroof' })],
      ['users', 'PATCH', 'password', () => `/api/users/${target.id}`, () => ({ password: 'a new long password' })],
    ];

    it.each(cases)('%s %s, case %#: a 400 naming %s', async (_what, method, field, path, body) => {
      const before = await snapshot();
      const res = await http()[method.toLowerCase() as 'post' | 'patch'](path()).set('Authorization', admin.auth).send(body());
      const problem = problemOf(res, 400);
      expect(problem.code).toBe('INVALID_INPUT');
      expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set([field]));
      for (const error of problem.errors ?? []) expect(error.message).toEqual(expect.any(String));
      expect(await snapshot()).toEqual(before);
    });
  });
});

describe('login rate limit per client IP', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    ctx = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => ctx.close());

  it('allows LOGIN_RATE_LIMIT_PER_MINUTE attempts a minute, then 429 with Retry-After in seconds, audited; the next minute is open again', async () => {
    const user = await ctx.factory.user();
    // Start just after a minute boundary, so that the four attempts share one window.
    const now = ctx.clock.now().getTime();
    ctx.clock.advance(60_000 - (now % 60_000) + 1_000);
    expect((await http().post('/api/auth/login').send({ email: user.email, password: 'wrong' })).status).toBe(401);
    expect((await http().post('/api/auth/login').send({ email: user.email, password: 'wrong' })).status).toBe(401);
    expect((await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    const before = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login'`);
    const limited = await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(problemOf(limited, 429)).toMatchObject({
      code: 'LOGIN_RATE_LIMITED',
      title: 'Too Many Requests',
      detail: 'Too many login attempts from this address; try again later.',
    });
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(50);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(59);
    const audits = await ctx.db.query<{ outcome: string; actor_id: string | null }>(
      `SELECT outcome, actor_id FROM audit_events WHERE action = 'auth.login' ORDER BY seq OFFSET $1`,
      [(before[0] as { n: number }).n],
    );
    expect(audits).toEqual([{ outcome: 'denied', actor_id: null }]);
    // Other routes are not rate limited.
    for (let i = 0; i < 5; i++) expect((await http().get('/api/me').set('Authorization', user.auth)).status).toBe(200);
    ctx.clock.advance(60_000);
    expect((await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  });
});
