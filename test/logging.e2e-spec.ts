import { JsonLogger, loadConfig } from '@oneroof/platform';
import { createTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';
import { createWorkerApp, type WorkerApp } from '../apps/worker/src/bootstrap';
import { freePort } from './notifications/support';

/**
 * Issue 16: the processes log through pino, with authorization headers, cookies, tokens, passwords
 * and names redacted; LOG_LEVEL is read by the config; the worker serves /metrics like the API.
 */
describe('logs through pino, nothing secret in them', () => {
  let ctx: TestContext;
  let user: TestUser;
  const lines: string[] = [];
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    ctx = await createTestApp({ LOG_LEVEL: 'trace' }, { logger: new JsonLogger('api', 'trace', (line) => lines.push(line)) });
    user = await ctx.factory.user({ discipline: 'police', name: 'Geertruida Zwanenburg' });
  });
  afterAll(() => ctx?.close());

  it("a login's password and a bearer token never appear in the log, whatever the outcome", async () => {
    const login = await http()
      .post('/api/auth/login')
      .set('Cookie', 'refresh=cookie-secret-1')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const wrong = 'wrong-password-that-is-secret';
    expect((await http().post('/api/auth/login').send({ email: user.email, password: wrong })).status).toBe(401);
    // Malformed JSON that holds a password, a validation failure, a 404 and a 405 with the token.
    expect(
      (await http().post('/api/auth/login').set('Content-Type', 'application/json').send(`{"email":"x","password":"${wrong}"`)).status,
    ).toBe(400);
    expect(
      (
        await http()
          .post('/api/auth/login')
          .send({ email: user.email, password: [wrong] })
      ).status,
    ).toBe(400);
    for (const path of ['/api/me', '/api/no-such-address', `/api/cases/${'x'.repeat(120)}`]) {
      await http().get(path).set('Authorization', `Bearer ${token}`).set('Cookie', 'refresh=cookie-secret-2');
    }
    await http().delete('/api/me').set('Authorization', `Bearer ${token}`);
    await http().get('/api/me').set('Authorization', `Bearer ${token}x`);

    const output = lines.join('\n');
    expect(lines.length).toBeGreaterThan(8);
    // The requests were logged (the access line, by route pattern)...
    expect(output).toContain('"msg":"POST /api/auth/login 200');
    // ...but no secret and no name.
    for (const secret of [
      TEST_PASSWORD,
      wrong,
      token,
      token.split('.')[2],
      'cookie-secret-1',
      'cookie-secret-2',
      'Geertruida',
      user.email,
    ]) {
      expect(output).not.toContain(secret);
    }
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('LOG_LEVEL is read by the config and refused when unknown', () => {
    expect(ctx.config.logLevel).toBe('trace');
    expect(() => loadConfig({ LOG_LEVEL: 'chatty' })).toThrow(/LOG_LEVEL must be one of/);
  });
});

describe('the worker serves /metrics like the API', () => {
  let ctx: TestContext;
  let worker: WorkerApp;
  let port: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    port = await freePort();
    worker = await createWorkerApp(
      loadConfig({ DATABASE_URL: ctx.config.databaseUrl, QUEUE_PREFIX: ctx.config.queuePrefix, WORKER_PORT: String(port) }),
      {
        logger: false,
      },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
  });

  it('Prometheus text with the process, the relay, the heartbeat and the audit chain against its checkpoint', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      'oneroof_worker_process_cpu_seconds_total',
      'oneroof_worker_relay_running',
      'oneroof_worker_relayed_events_total',
      'oneroof_worker_heartbeat_age_seconds',
      'oneroof_audit_chain_position',
      'oneroof_audit_checkpoint_position',
      'oneroof_audit_checkpoint_age_seconds',
      'oneroof_audit_seal_queue_depth',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? -?[0-9.e+]+$`, 'm'));
    }
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);
  });
});
