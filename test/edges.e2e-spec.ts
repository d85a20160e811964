import { JsonLogger } from '@oneroof/platform';
import { createTestApp, problemOf, TEST_PASSWORD, type TestContext } from '@oneroof/testing';
import request from 'supertest';

/**
 * design.md §4 edges, through HTTP: problem+json for every error, body limits, request ids in and out
 * and in the logs, no secrets in the logs, health, OpenAPI and metrics.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP edges', () => {
  let ctx: TestContext;
  const logLines: string[] = [];
  const logs = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const http = () => request(ctx.app.getHttpServer());

  const warnings: (Error & { code?: string })[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);

  beforeAll(async () => {
    process.on('warning', onWarning);
    // The production logger, writing into an array instead of stdout.
    ctx = await createTestApp({}, { logger: new JsonLogger('api', 'debug', (line) => logLines.push(line)) });
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await ctx.close();
  });

  describe('problem+json for every error', () => {
    it.each([
      ['GET', '/api/nothing-here'],
      // A GET of any other path is the web app's index (design.md §10; test/web-app-serving.e2e-spec.ts).
      ['POST', '/nothing-here'],
      ['GET', '/health/nothing-here'],
      ['GET', '/api/users/00000000-0000-4000-8000-000000000000/nothing'],
      ['POST', '/api/nothing-here'],
    ])('%s %s (unknown route) is a 404 problem', async (method, path) => {
      const res = await http()[method.toLowerCase() as 'get' | 'post'](path);
      const body = problemOf(res, 404);
      expect(body).toEqual({
        type: 'urn:oneroof:problem:not-found',
        title: 'Not Found',
        status: 404,
        detail: 'There is nothing at this address.',
        code: 'NOT_FOUND',
        requestId: res.headers['x-request-id'],
      });
    });

    it.each([
      ['DELETE', '/api/auth/login', 'POST'],
      ['PUT', '/api/users', 'GET, HEAD, POST'],
      ['GET', '/api/users/00000000-0000-4000-8000-000000000000', 'PATCH'],
      ['DELETE', '/health/live', 'GET, HEAD'],
      ['POST', '/api/me', 'GET, HEAD'],
    ])('%s %s (a known path, another method) is a 405 problem with Allow: %s', async (method, path, allow) => {
      const admin = await ctx.factory.admin();
      const res = await http()[method.toLowerCase() as 'delete' | 'put' | 'post' | 'get'](path).set('Authorization', admin.auth);
      const body = problemOf(res, 405);
      expect(body).toMatchObject({
        code: 'METHOD_NOT_ALLOWED',
        type: 'urn:oneroof:problem:method-not-allowed',
        title: 'Method Not Allowed',
      });
      expect(res.headers.allow).toBe(allow);
      expect(body.detail).toBe(`This address does not take ${method}; it takes ${allow}.`);
    });

    it('malformed JSON is a 400 INVALID_JSON naming the body, never a 500', async () => {
      const res = await http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.c", "password": ');
      expect(problemOf(res, 400)).toEqual({
        type: 'urn:oneroof:problem:invalid-json',
        title: 'Bad Request',
        status: 400,
        detail: 'The body is not valid JSON.',
        code: 'INVALID_JSON',
        requestId: res.headers['x-request-id'],
        errors: [{ field: 'body', message: 'The body is not valid JSON.' }],
      });
    });

    it('an empty body that claims to be JSON is a 400 INVALID_JSON naming the body', async () => {
      const res = await http().post('/api/auth/login').set('Content-Type', 'application/json').send('');
      expect(problemOf(res, 400)).toMatchObject({
        code: 'INVALID_JSON',
        errors: [{ field: 'body', message: 'The body is empty but claims to be JSON.' }],
      });
    });

    it('a JSON body with a __proto__ key is refused as invalid JSON', async () => {
      const res = await http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"__proto__":{"admin":true}}');
      expect(problemOf(res, 400)).toMatchObject({
        code: 'INVALID_JSON',
        errors: [{ field: 'body', message: 'The body is not valid JSON.' }],
      });
    });

    it.each([
      ['a JSON string', '"hello"'],
      ['a JSON array', '[1,2]'],
      ['a JSON null', 'null'],
      ['a JSON number', '42'],
    ])('%s instead of an object is a 400 naming the body', async (_label, raw) => {
      const res = await http().post('/api/auth/login').set('Content-Type', 'application/json').send(raw);
      expect(problemOf(res, 400)).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ field: 'body', message: 'The body must be a JSON object.' }],
      });
    });

    it('a missing body names the missing fields', async () => {
      const res = await http().post('/api/auth/login');
      const fields = new Set(problemOf(res, 400).errors?.map((error) => error.field));
      expect([...fields].sort()).toEqual(['email', 'password']);
    });

    it('a form-encoded body is a 415, not parsed: the API speaks JSON only', async () => {
      const res = await http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('email=a%40b.c&password=x');
      expect(problemOf(res, 415)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('a body over 1 MiB is a 413 BODY_TOO_LARGE problem', async () => {
      const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024) });
      const res = await http().post('/api/auth/login').set('Content-Type', 'application/json').send(big);
      expect(problemOf(res, 413)).toMatchObject({
        code: 'BODY_TOO_LARGE',
        title: 'Content Too Large',
        detail: 'The request body is larger than 1 MiB.',
      });
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('a body just under 1 MiB is parsed (and refused by validation, not by size)', async () => {
      const res = await http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1000 * 1000) }));
      expect(problemOf(res, 400).errors).toEqual([
        { field: 'password', message: 'password must be shorter than or equal to 1024 characters' },
      ]);
    });

    it('a body that is not JSON is a 415 UNSUPPORTED_MEDIA_TYPE problem', async () => {
      const res = await http().post('/api/auth/login').set('Content-Type', 'text/plain').send('email=a@b.c');
      expect(problemOf(res, 415)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send JSON (application/json).' });
    });

    it('an unknown body field is a 400 naming the field', async () => {
      const res = await http().post('/api/auth/login').send({ email: 'a@b.c', password: 'whatever', remember: true });
      expect(problemOf(res, 400)).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ field: 'remember', message: 'remember is not a known field' }],
      });
    });

    it('a private route without a token is a 401 problem', async () => {
      expect(problemOf(await http().get('/api/me'), 401)).toMatchObject({
        code: 'UNAUTHENTICATED',
        detail: 'A valid access token is required.',
      });
    });

    it("Fastify does not warn that an error handler was overridden (one exception layer: Nest's)", async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.code)).not.toContain('FSTWRN004');
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a sane incoming id, on success and on error', async () => {
      const ok = await http().get('/health/live').set('X-Request-Id', 'client-abc.123:xyz');
      expect(ok.headers['x-request-id']).toBe('client-abc.123:xyz');
      const notFound = await http().get('/api/nope').set('X-Request-Id', 'trace-42');
      expect(notFound.headers['x-request-id']).toBe('trace-42');
      expect(problemOf(notFound, 404)).toMatchObject({ requestId: 'trace-42' });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['too long', 'a'.repeat(129)],
      ['with spaces', 'hello world'],
      ['with a newline-ish payload', 'abc;<script>'],
    ])('replaces a %s id with a fresh UUID', async (_label, given) => {
      const req = http().get('/health/live');
      if (given !== undefined) void req.set('X-Request-Id', given);
      const res = await req;
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('gives every request its own id', async () => {
      const [a, b] = await Promise.all([http().get('/health/live'), http().get('/health/live')]);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });
  });

  describe('logs', () => {
    it('carry the request id of the request that wrote them, also after the body is parsed', async () => {
      const user = await ctx.factory.user();
      logLines.length = 0;
      const login = await http()
        .post('/api/auth/login')
        .set('X-Request-Id', 'login-trace-1')
        .send({ email: user.email, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      const me = await http().get('/api/me').set('Authorization', `Bearer ${login.body.accessToken}`).set('X-Request-Id', 'me-trace-1');
      expect(me.status).toBe(200);
      const ids = logs().map((line) => line.requestId);
      expect(ids).toContain('login-trace-1');
      expect(ids).toContain('me-trace-1');
      // One access line a request, by route pattern: never the URL, which can hold ids or a feed token.
      expect(logs().filter((line) => line.requestId === 'login-trace-1' && line.context === 'HTTP')).toEqual([
        expect.objectContaining({ level: 'info', service: 'api', msg: expect.stringMatching(/^POST \/api\/auth\/login 200 \d+ms$/) }),
      ]);
      // The audit event of the login was written after the body was parsed: it must carry the id too.
      const [audit] = await ctx.db.query<{ request_id: string | null }>(
        `SELECT request_id FROM audit_events WHERE action = 'auth.login' AND actor_id = $1`,
        [user.id],
      );
      expect(audit.request_id).toBe('login-trace-1');
    });

    it('never contain a password or a token, not even from failed logins or rejected bodies', async () => {
      const user = await ctx.factory.user();
      logLines.length = 0;
      const wrong = 'Wrong-Password-Sentinel-4711';
      await http().post('/api/auth/login').send({ email: user.email, password: wrong }).expect(401);
      await http().post('/api/auth/login').send({ email: user.email, password: wrong, extra: 'x' }).expect(400);
      await http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":"${user.email}","password":"${wrong}"`)
        .expect(400);
      const login = await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
      const token = login.body.accessToken as string;
      await http().get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
      await http().get('/api/me').set('Authorization', `Bearer ${token}x`).expect(401);
      const all = logLines.join('\n');
      expect(logLines.length).toBeGreaterThan(0);
      for (const secret of [TEST_PASSWORD, wrong, token, token.split('.')[1], token.split('.')[2]]) expect(all).not.toContain(secret);
      for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    });
  });

  describe('health', () => {
    it('/health/live is 200 without a token', async () => {
      const res = await http().get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('/health/ready is 200 with Postgres and Redis up', async () => {
      const res = await http().get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    });
  });

  describe('OpenAPI', () => {
    it('serves the UI at /api/docs without a token', async () => {
      const res = await http().get('/api/docs').redirects(1);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('swagger');
    });

    it('lists every route and the DTO schemas at /api/docs-json', async () => {
      const res = await http().get('/api/docs-json');
      expect(res.status).toBe(200);
      const doc = res.body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
      const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      // Other contexts add their routes here too: these are identity's and health's own.
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /api/auth/login',
          'GET /api/me',
          'POST /api/organisations',
          'GET /api/organisations',
          'POST /api/users',
          'GET /api/users',
          'PATCH /api/users/{id}',
          'GET /health/live',
          'GET /health/ready',
        ]),
      );
      // And the document invents nothing: every route it lists is served, under /api or /health.
      const fastify = ctx.app.getHttpAdapter().getInstance();
      for (const route of routes) {
        const [method, path] = route.split(' ');
        expect([route, fastify.hasRoute({ method: method as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') })]).toEqual([route, true]);
        expect(path).toMatch(/^\/(api\/|health\/|metrics$)/);
      }
      for (const schema of [
        'LoginDto',
        'LoginResponse',
        'UserResponse',
        'CreateUserDto',
        'UpdateUserDto',
        'UserPage',
        'CreateOrganisationDto',
        'OrganisationResponse',
        'OrganisationPage',
      ]) {
        expect(Object.keys(doc.components.schemas)).toContain(schema);
      }
      expect(doc.components.schemas.CreateUserDto).toMatchObject({
        required: expect.arrayContaining(['email', 'name', 'password', 'discipline', 'organisationId']),
      });
    });

    it('every route but login, health, metrics and docs refuses a caller without a token, and the document says which', async () => {
      const doc = (await http().get('/api/docs-json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
      // Refresh and logout take no bearer token: they authenticate by the refresh token (design.md §9);
      // the second login step authenticates by its single-use mfaToken.
      const publicRoutes = new Set([
        'POST /api/auth/login',
        'POST /api/auth/login/mfa',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
      ]);
      const documentedPublic = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      expect(new Set(documentedPublic)).toEqual(publicRoutes);
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) {
          const route = `${method.toUpperCase()} ${path}`;
          if (publicRoutes.has(route)) continue;
          expect([route, ops[method].security]).toEqual([route, expect.arrayContaining([{ bearer: [] }])]);
          const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
          const res = await http()[method as 'get' | 'post' | 'patch'](url).send({});
          expect([route, res.status]).toEqual([route, 401]);
        }
      }
    });
  });

  describe('/metrics', () => {
    it('counts requests by route pattern, never by raw id', async () => {
      const admin = await ctx.factory.admin();
      const target = await ctx.factory.user();
      await http().patch(`/api/users/${target.id}`).set('Authorization', admin.auth).send({ name: 'Renamed' }).expect(200);
      await http().get(`/api/nothing/${target.id}`).expect(404);
      const res = await http().get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/http_requests_total\{method="PATCH",route="\/api\/users\/:id",status="200"\} 1/);
      expect(res.text).not.toContain(target.id);
      expect(res.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    });
  });
});
