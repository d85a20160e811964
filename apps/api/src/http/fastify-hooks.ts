import { randomUUID } from 'node:crypto';
import { requestContext } from '@oneroof/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpMetrics } from './metrics';
import { sendProblem, toProblem } from './problem.filter';

/** Accept a caller's X-Request-Id only when it is a plain token; anything else gets a fresh UUID. */
export function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unmatched';
}

/**
 * Request id in and out, the request context for logs and audit, metrics by route pattern, and
 * problem+json for errors that Fastify raises before Nest sees the request (bad JSON, 413).
 */
export function installFastifyHooks(fastify: FastifyInstance, metrics: HttpMetrics, log: (error: unknown) => void): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', String(request.id));
    const userAgent = request.headers['user-agent'];
    requestContext.run({ requestId: String(request.id), ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : '' }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request.method, routeOf(request), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  fastify.setErrorHandler((error, request, reply) => {
    sendProblem(reply, toProblem(error, String(request.id), log));
  });
}
