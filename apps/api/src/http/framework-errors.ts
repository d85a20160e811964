import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, type Problem } from './problem';

/**
 * Answers that Fastify and Node write before any route, hook or Nest filter runs (issue 15 finding
 * 11), as problem+json with a request id like every other answer: a path parameter over Fastify's
 * 100 characters (414, which Fastify answered by echoing the path) or a malformed escape in it,
 * and what Node's HTTP parser refuses (bad framing 400, headers over 16 kB 431, a request too slow 408).
 */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', detail: 'A part of the address is longer than 100 characters.' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', detail: 'The address holds an invalid escape sequence.' },
};

/** Fastify's frameworkErrors: its hooks have not run, so the request id header is set here. */
export function frameworkErrorHandler(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    detail: 'The request cannot be processed as sent.',
  };
  const requestId = String(request.id);
  void reply
    .code(known.status)
    .header('Content-Type', 'application/problem+json')
    .header('X-Request-Id', requestId)
    .send(JSON.stringify(problem(known.status, known.code, known.detail, { requestId })));
}

function clientProblem(error: Error & { code?: string }, requestId: string): Problem {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return problem(431, 'HEADERS_TOO_LARGE', 'The request headers are larger than 16 kB.', { requestId });
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return problem(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.', { requestId });
  }
  return problem(400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP.', { requestId });
}

/**
 * Fastify's clientErrorHandler, for what Node's parser refuses: no request exists, so this writes
 * the answer on the socket itself (as Node and Fastify do) and closes it.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const body = clientProblem(error, requestId);
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.status} ${body.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}
