import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * design.md §10: the web app is served by the API at / (same origin, no CORS). Hashed assets are
 * cached for a year; index.html is never cached, so that a new build reaches every browser at its
 * next load. Unknown paths outside /api, /health and /metrics get the index, where the app's own
 * router shows the page or its not-found page.
 */

/** A strict CSP: no inline script or style, nothing from elsewhere, no framing, no plugins. */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_THE_WEB_APP = /^\/(api|health|metrics)(\/|$)/;
const HASHED_ASSET = /-[A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png)$/;

/** dist/web from the compiled API (dist/apps/api/src/web) and from the sources under test (apps/api/src/web). */
export function findWebDist(): string | undefined {
  const candidates = [resolve(__dirname, '../../../../web'), resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

function webAppHeaders(reply: FastifyReply): void {
  void reply.header('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
  void reply.header('X-Frame-Options', 'DENY');
}

export async function mountWebApp(app: NestFastifyApplication, dir = findWebDist()): Promise<boolean> {
  const fastify = app.getHttpAdapter().getInstance();
  // Every answer, the API's too: no MIME sniffing, and no Referer (a URL holds ids) to anyone.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Referrer-Policy', 'no-referrer');
    return payload;
  });
  if (!dir) return false;
  const index = readFileSync(join(dir, 'index.html'));
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per built file, listed at start: no wildcard route that would swallow /api's 404s.
    wildcard: false,
    index: false,
    etag: true,
    lastModified: false,
    setHeaders: (res, path) => {
      void res.header('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
      void res.header('X-Frame-Options', 'DENY');
      void res.header(
        'Cache-Control',
        basename(path) !== 'index.html' && HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (request.routeOptions?.url !== undefined) return;
    const path = request.url.split('?')[0];
    if (NOT_THE_WEB_APP.test(path)) return;
    webAppHeaders(reply);
    return reply.status(200).header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(index);
  });
  return true;
}
