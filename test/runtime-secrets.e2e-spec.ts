import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@oneroof/identity';
import { APP_CONFIG, DEVELOPMENT_JWT_SECRET, JsonLogger, loadConfig, type AppConfig } from '@oneroof/platform';
import { createTestApp, type TestContext, type TestUser } from '@oneroof/testing';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import request from 'supertest';
import { createWorkerApp } from '../apps/worker/src/bootstrap';

/**
 * Issue 15 finding 12: with JWT_SECRET unset outside production there is no constant secret. The
 * first start makes a random one for the database and keeps it there, so that the API and the
 * worker agree and a restart keeps tokens valid; every start says so in one warning.
 */
describe('a JWT secret of the database when JWT_SECRET is unset', () => {
  let ctx: TestContext;
  let user: TestUser;
  const lines: string[] = [];
  const sign = (secret: string) =>
    jwt.sign({ sid: user.sessionId }, secret, {
      algorithm: 'HS256',
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: 600,
      subject: user.id,
    });
  const me = (token: string) => request(ctx.app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    ctx = await createTestApp({}, { logger: new JsonLogger('api', 'info', (line) => lines.push(line)) });
    user = await ctx.factory.user({ discipline: 'police' });
  });
  afterAll(() => ctx?.close());

  it('is random, kept in the database, and signs what the API accepts', async () => {
    expect(ctx.config.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    const rows = await ctx.db.query<{ value: string }>(`SELECT value FROM runtime_secrets WHERE name = 'jwt_secret'`);
    expect(rows).toEqual([{ value: ctx.config.jwtSecret }]);
    expect((await me(sign(ctx.config.jwtSecret))).status).toBe(200);
  });

  it('the audit signing key is made the same way, distinct from the JWT secret', async () => {
    expect(ctx.config.auditSigningKey).toMatch(/^[0-9a-f]{64}$/);
    expect(ctx.config.auditSigningKey).not.toBe(ctx.config.jwtSecret);
    const rows = await ctx.db.query<{ value: string }>(`SELECT value FROM runtime_secrets WHERE name = 'audit_signing_key'`);
    expect(rows).toEqual([{ value: ctx.config.auditSigningKey }]);
  });

  it('a token signed with the constant of the source is refused', async () => {
    const response = await me(sign(DEVELOPMENT_JWT_SECRET));
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('the start says so in one warning, without the secrets', () => {
    const warnings = lines.filter((line) => /JWT_SECRET/.test(line));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({
      level: 'warn',
      msg: expect.stringMatching(/^JWT_SECRET, AUDIT_SIGNING_KEY and MFA_ENCRYPTION_KEY are not set/),
    });
    expect(lines.join('\n')).not.toContain(ctx.config.jwtSecret);
    expect(lines.join('\n')).not.toContain(ctx.config.auditSigningKey);
    expect(lines.join('\n')).not.toContain(ctx.config.mfaEncryptionKey);
  });

  it('the worker, and a second start, read the same secret; another database has another', async () => {
    const worker = await createWorkerApp(loadConfig({ DATABASE_URL: ctx.config.databaseUrl, QUEUE_PREFIX: ctx.config.queuePrefix }), {
      logger: false,
      health: false,
    });
    try {
      expect(worker.app.get<AppConfig>(APP_CONFIG).jwtSecret).toBe(ctx.config.jwtSecret);
      expect(worker.app.get<AppConfig>(APP_CONFIG).auditSigningKey).toBe(ctx.config.auditSigningKey);
      expect(worker.app.get<AppConfig>(APP_CONFIG).mfaEncryptionKey).toBe(ctx.config.mfaEncryptionKey);
    } finally {
      await worker.close();
    }
    const other = await createTestApp();
    try {
      expect(other.config.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(other.config.jwtSecret).not.toBe(ctx.config.jwtSecret);
    } finally {
      await other.close();
    }
  });

  it('a set JWT_SECRET wins, and the app role cannot replace the kept one', async () => {
    const set = await createTestApp({ JWT_SECRET: 'x'.repeat(40), AUDIT_SIGNING_KEY: 'k'.repeat(40), MFA_ENCRYPTION_KEY: 'm'.repeat(40) });
    try {
      expect(set.config.jwtSecret).toBe('x'.repeat(40));
      expect(set.config.auditSigningKey).toBe('k'.repeat(40));
      expect(await set.db.query(`SELECT 1 FROM runtime_secrets`)).toEqual([]);
    } finally {
      await set.close();
    }
    const client = new Client({ connectionString: ctx.config.databaseAppUrl });
    await client.connect();
    try {
      await expect(client.query(`UPDATE runtime_secrets SET value = repeat('a', 64)`)).rejects.toMatchObject({ code: '42501' });
      await expect(client.query(`DELETE FROM runtime_secrets`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.end();
    }
  });
});
