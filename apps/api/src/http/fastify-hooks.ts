import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { requestContext, type RequestContext } from '@oneroof/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpMetrics } from './metrics';
import type { RouteTable } from './route-table';

/** Accept a caller's X-Request-Id only when it is a plain token; anything else gets a fresh UUID. */
export function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The route pattern (`/api/users/:id`), never the URL: URLs hold ids and, for the calendar feed, a token. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unmatched';
}

/**
 * Request id in and out, the request context for logs and audit, one access log line and metrics
 * by route pattern. Errors, including Fastify's own (bad JSON, 413, 415), are left to Nest's
 * exception layer and so to ProblemFilter: Nest installs Fastify's error handler itself, and a
 * second one here would replace it (FSTWRN004).
 */
const contexts = new WeakMap<FastifyRequest, RequestContext>();

export function installFastifyHooks(fastify: FastifyInstance, metrics: HttpMetrics, routes: RouteTable): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', String(request.id));
    const userAgent = request.headers['user-agent'];
    const context = { requestId: String(request.id), ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : '' };
    contexts.set(request, context);
    // Everything after this hook (body parsing included: Fastify binds its parser callback to the
    // async scope it started in) runs inside this context, so logs and audit rows carry the id.
    requestContext.run(context, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    // onResponse runs when the socket finishes, outside the request's async scope: name the id here.
    const context = contexts.get(request) ?? { requestId: String(request.id), ip: request.ip, userAgent: '' };
    const ms = Math.round(reply.elapsedTime);
    requestContext.run(context, () =>
      logger.log({
        msg: `${request.method} ${route} ${reply.statusCode} ${ms}ms`,
        method: request.method,
        route,
        status: reply.statusCode,
        ms,
      }),
    );
    done();
  });
}
