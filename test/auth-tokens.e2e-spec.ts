import { createHmac } from 'node:crypto';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@oneroof/identity';
import { createTestApp, problemOf, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';

/**
 * design.md §4: access tokens are HS256 JWTs signed with JWT_SECRET, with sub, iat, exp, iss and aud;
 * anything that does not check out is the same 401, and a deactivated user's tokens stop at once.
 */
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** Signs header.payload by hand, so that a test can put any alg in the header whatever the signature. */
const handSigned = (header: object, payload: object, secret: string) => {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('access tokens', () => {
  let ctx: TestContext;
  let user: TestUser;
  let other: TestUser;
  let secret: string;
  const http = () => request(ctx.app.getHttpServer());
  const me = (authorization?: string) => {
    const req = http().get('/api/me');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };
  /** A token as login makes it, but for what `options` changes; an option set to undefined is left out. */
  const sign = (payload: object, options: jwt.SignOptions = {}, key = secret) => {
    const merged: jwt.SignOptions = {
      algorithm: 'HS256',
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: 600,
      subject: user.id,
      ...options,
    };
    payload = { sid: user.sessionId, ...payload };
    for (const name of Object.keys(merged) as (keyof jwt.SignOptions)[]) if (merged[name] === undefined) delete merged[name];
    return jwt.sign(payload, key, merged);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    secret = ctx.config.jwtSecret;
    user = await ctx.factory.user({ discipline: 'police' });
    other = await ctx.factory.user({ discipline: 'social_work' });
  });
  afterAll(() => ctx.close());

  it('a token from login is HS256 with sub, sid, iat, exp (15 minutes), iss and aud, and opens /api/me', async () => {
    const login = await http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const decoded = jwt.decode(token, { complete: true }) as jwt.Jwt & { payload: jwt.JwtPayload };
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decoded.payload).toEqual({
      sub: user.id,
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: expect.any(Number),
      exp: expect.any(Number),
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
    });
    expect(decoded.payload.exp! - decoded.payload.iat!).toBe(900);
    expect(login.body.expiresIn).toBe(900);
    // Verifiable with the secret's text as the key, and only with HS256.
    expect(() => jwt.verify(token, secret, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE })).not.toThrow();
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(user.id);
  });

  it('a correctly signed token of our own making is accepted (the matrix below changes one thing at a time)', async () => {
    expect((await me(`Bearer ${sign({})}`)).status).toBe(200);
  });

  const cases: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['an empty bearer', () => 'Bearer '],
    ['garbage', () => 'Bearer not.a.token'],
    ['random base64 parts', () => `Bearer ${b64('x')}.${b64('y')}.${b64('z')}`],
    ['the token without the Bearer scheme', () => sign({})],
    ['Basic credentials', () => `Basic ${Buffer.from(`${user.email}:${TEST_PASSWORD}`).toString('base64')}`],
    [
      'alg none, unsigned',
      () =>
        `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, iat: nowSeconds(), exp: nowSeconds() + 600, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE })}.`,
    ],
    [
      'alg None with a signature',
      () =>
        `Bearer ${handSigned({ alg: 'None', typ: 'JWT' }, { sub: user.id, iat: nowSeconds(), exp: nowSeconds() + 600, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE }, secret)}`,
    ],
    ['HS512 with the right secret', () => `Bearer ${sign({}, { algorithm: 'HS512' })}`],
    ['HS384 with the right secret', () => `Bearer ${sign({}, { algorithm: 'HS384' })}`],
    [
      'an HS256 signature under an RS256 header',
      () =>
        `Bearer ${handSigned({ alg: 'RS256', typ: 'JWT' }, { sub: user.id, iat: nowSeconds(), exp: nowSeconds() + 600, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE }, secret)}`,
    ],
    ['the wrong secret', () => `Bearer ${sign({}, {}, 'another-secret-that-is-long-enough-to-be-real')}`],
    ['the secret with one character changed', () => `Bearer ${sign({}, {}, `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`)}`],
    ['the wrong issuer', () => `Bearer ${sign({}, { issuer: 'someone-else' })}`],
    ['no issuer', () => `Bearer ${jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', audience: TOKEN_AUDIENCE, expiresIn: 600 })}`],
    ['the wrong audience', () => `Bearer ${sign({}, { audience: 'oneroof-worker' })}`],
    ['no audience', () => `Bearer ${jwt.sign({ sub: user.id }, secret, { algorithm: 'HS256', issuer: TOKEN_ISSUER, expiresIn: 600 })}`],
    ['an exp a minute ago', () => `Bearer ${sign({ iat: nowSeconds() - 3700, exp: nowSeconds() - 60 }, { expiresIn: undefined })}`],
    ['an exp an hour ago', () => `Bearer ${sign({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, { expiresIn: undefined })}`],
    ['no exp at all (it would never expire)', () => `Bearer ${sign({}, { expiresIn: undefined })}`],
    ['an exp far beyond the token lifetime', () => `Bearer ${sign({}, { expiresIn: '10y' })}`],
    ['an exp an hour after iat (beyond the 15 minutes of §9)', () => `Bearer ${sign({}, { expiresIn: 3600 })}`],
    ['a nbf in the future', () => `Bearer ${sign({}, { notBefore: 600 })}`],
    ['no iat', () => `Bearer ${sign({}, { noTimestamp: true })}`],
    [
      'an iat a year ahead with a one-hour exp after it',
      () => `Bearer ${sign({ iat: nowSeconds() + 31_536_000, exp: nowSeconds() + 31_536_000 + 3600 }, { expiresIn: undefined })}`,
    ],
    [
      'no sub',
      () => `Bearer ${jwt.sign({}, secret, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: 600 })}`,
    ],
    ['a sub that is no uuid', () => `Bearer ${sign({}, { subject: 'admin' })}`],
    ['a sub no user has', () => `Bearer ${sign({}, { subject: '00000000-0000-4000-8000-000000000000' })}`],
    ['no sid (a token of no session)', () => `Bearer ${sign({ sid: undefined })}`],
    ['a sid no session has', () => `Bearer ${sign({ sid: '00000000-0000-4000-8000-000000000000' })}`],
    ["another user's sid", () => `Bearer ${sign({ sid: other.sessionId })}`],
    [
      'a payload swapped for another user keeping the signature',
      () => {
        const [header, , signature] = sign({}).split('.');
        const payload = jwt.decode(sign({})) as jwt.JwtPayload;
        return `Bearer ${header}.${b64({ ...payload, sub: other.id })}.${signature}`;
      },
    ],
    [
      'a signature with one character changed',
      () => {
        const token = sign({});
        const last = token.slice(-2, -1) === 'A' ? 'B' : 'A';
        return `Bearer ${token.slice(0, -2)}${last}${token.slice(-1)}`;
      },
    ],
    ['a token with a trailing extra part', () => `Bearer ${sign({})}.extra`],
    // RFC 7515 §4.1.11: a recipient that does not understand every listed extension must refuse.
    [
      'a crit header (extensions we do not implement), correctly signed',
      () =>
        `Bearer ${handSigned({ alg: 'HS256', typ: 'JWT', crit: ['exp'] }, { sub: user.id, iat: nowSeconds(), exp: nowSeconds() + 600, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE }, secret)}`,
    ],
    [
      'an empty crit header, correctly signed',
      () =>
        `Bearer ${handSigned({ alg: 'HS256', typ: 'JWT', crit: [] }, { sub: user.id, iat: nowSeconds(), exp: nowSeconds() + 600, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE }, secret)}`,
    ],
  ];

  it.each(cases)('%s gets the one 401 problem', async (_label, authorization) => {
    const res = await me(authorization());
    expect(problemOf(res, 401)).toEqual({
      type: 'urn:oneroof:problem:unauthenticated',
      title: 'Unauthorized',
      status: 401,
      detail: 'A valid access token is required.',
      code: 'UNAUTHENTICATED',
      requestId: res.headers['x-request-id'],
    });
  });

  it("a deactivated user's existing token stops working on the next request, and stays ended on reactivation (§9)", async () => {
    const admin = await ctx.factory.admin();
    const target = await ctx.factory.user();
    expect((await me(target.auth)).status).toBe(200);
    await http().patch(`/api/users/${target.id}`).set('Authorization', admin.auth).send({ active: false }).expect(200);
    expect(problemOf(await me(target.auth), 401).code).toBe('UNAUTHENTICATED');
    expect(problemOf(await http().get('/api/users').set('Authorization', target.auth), 401).code).toBe('UNAUTHENTICATED');
    await http().patch(`/api/users/${target.id}`).set('Authorization', admin.auth).send({ active: true }).expect(200);
    // Deactivation ended the session (design.md §9): reactivation revives the account, not its sessions.
    expect(problemOf(await me(target.auth), 401).code).toBe('UNAUTHENTICATED');
    expect((await http().post('/api/auth/login').send({ email: target.email, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('role changes apply on the next request too: a demoted admin gets 403 with the same token', async () => {
    const admin = await ctx.factory.admin();
    const demoted = await ctx.factory.admin();
    await http().get('/api/users').set('Authorization', demoted.auth).expect(200);
    await http()
      .post('/api/organisations')
      .set('Authorization', demoted.auth)
      .send({ name: 'Before demotion', kind: 'police' })
      .expect(201);
    await http()
      .patch(`/api/users/${demoted.id}`)
      .set('Authorization', admin.auth)
      .send({ roles: ['professional'] })
      .expect(200);
    expect(
      problemOf(
        await http().post('/api/organisations').set('Authorization', demoted.auth).send({ name: 'After demotion', kind: 'police' }),
        403,
      ).code,
    ).toBe('ROLE_REQUIRED');
  });
});
