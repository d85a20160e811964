import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestApp, problemOf, type TestContext } from '@oneroof/testing';
import request from 'supertest';

/**
 * design.md §10: the API serves the web app at / with the right cache headers and the browser
 * safety headers; unknown non-API paths get the index; /api, /health and /metrics are untouched.
 */
const ROOT = resolve(__dirname, '..');

describe('the web app, served by the API', () => {
  let ctx: TestContext;
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    // dist/web: built once by the run's global set-up.
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it.each(['/', '/cases/4f9d7c1e-0000-4000-8000-000000000001', '/handovers', '/no/such/page?x=1'])(
    'GET %s answers the index, never cached, with a strict CSP',
    async (path) => {
      const res = await http().get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    },
  );

  it('the index has no inline script: every script is a file of the same origin', async () => {
    const res = await http().get('/').expect(200);
    const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
  });

  it('hashed assets are cached for a year as immutable', async () => {
    const asset = readdirSync(join(ROOT, 'dist', 'web', 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await http().get(`/assets/${asset}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('leaves /api, /health and /metrics alone: an unknown API path is still the problem+json 404', async () => {
    expect(problemOf(await http().get('/api/no-such-thing'), 404).status).toBe(404);
    expect(problemOf(await http().get('/api'), 404).status).toBe(404);
    const live = await http().get('/health/live').expect(200);
    expect(live.headers['content-type']).toMatch(/json/);
    expect((await http().get('/health/nothing')).headers['content-type']).toMatch(/problem\+json/);
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    // The API's answers carry nosniff and no-referrer too.
    const me = await http().get('/api/me');
    expect(me.headers['x-content-type-options']).toBe('nosniff');
    expect(me.headers['referrer-policy']).toBe('no-referrer');
  });

  it('only GET and HEAD fall back to the index', async () => {
    expect((await http().post('/cases/x').send({})).status).toBe(404);
    expect((await http().head('/cases/x')).status).toBe(200);
  });
});
