import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@oneroof/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, STATUS_OF_KIND, type Problem } from './problem';
import type { RouteTable } from './route-table';

/** Fastify's own errors (body parsing, limits) that are the client's fault, by their code. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: string; detail: string; field?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', detail: 'The request body is larger than 1 MiB.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send JSON (application/json).' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', detail: 'The body is empty but claims to be JSON.', field: 'body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH', detail: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', detail: 'The body is not valid JSON.', field: 'body' },
};

/** Turns anything thrown into problem+json. A 500 carries only the request id; the log has the rest. */
export function toProblem(error: unknown, requestId: string, log: (error: unknown) => void): Problem {
  if (error instanceof DomainError) {
    const status = STATUS_OF_KIND[error.kind];
    return problem(status, error.code, error.message, {
      requestId,
      ...(error.extras.errors ? { errors: error.extras.errors } : {}),
      ...(error.extras.missing ? { missing: error.extras.missing } : {}),
    });
  }
  // Nest's exception layer wraps Fastify's client errors (parsing, limits) in an HttpException whose
  // cause is the original, and its code says more than the status alone.
  if (error instanceof HttpException && error.cause !== undefined && (error.cause as { code?: string }).code) {
    return toProblem(error.cause, requestId, log);
  }
  const fastifyCode = (error as { code?: string } | undefined)?.code;
  if (fastifyCode && FASTIFY_CLIENT_ERRORS[fastifyCode]) {
    const known = FASTIFY_CLIENT_ERRORS[fastifyCode];
    return problem(known.status, known.code, known.detail, {
      requestId,
      ...(known.field ? { errors: [{ field: known.field, message: known.detail }] } : {}),
    });
  }
  if (error instanceof SyntaxError && 'body' in (error as object)) {
    return problem(400, 'INVALID_JSON', 'The body is not valid JSON.', {
      requestId,
      errors: [{ field: 'body', message: 'not valid JSON' }],
    });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : `HTTP_${status}`;
      const detail = status === 404 ? 'There is nothing at this address.' : error.message;
      return problem(status, code, detail, { requestId });
    }
  }
  const statusCode = (error as { statusCode?: number } | undefined)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return problem(statusCode, `HTTP_${statusCode}`, 'The request cannot be processed as sent.', { requestId });
  }
  log(error);
  return problem(500, 'INTERNAL_ERROR', `Something went wrong on our side. Quote request id ${requestId} when you report it.`, {
    requestId,
  });
}

export function sendProblem(reply: FastifyReply, body: Problem, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) void reply.header('Retry-After', String(retryAfterSeconds));
  void reply.status(body.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly routes: RouteTable) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // No route matched (a 404 that no handler threw): if the path exists for other methods, say so.
    if (error instanceof HttpException && error.getStatus() === 404 && request.routeOptions?.url === undefined) {
      const allowed = this.routes.methodsAt(request.url.split('?')[0]);
      if (allowed.length > 0) {
        void reply.header('Allow', allowed.join(', '));
        sendProblem(
          reply,
          problem(405, 'METHOD_NOT_ALLOWED', `This address does not take ${request.method}; it takes ${allowed.join(', ')}.`, {
            requestId: String(request.id),
          }),
        );
        return;
      }
    }
    const body = toProblem(error, String(request.id), (e) =>
      this.logger.error(e instanceof Error ? `${e.name}: ${e.message}` : 'non-error thrown', e instanceof Error ? e.stack : undefined),
    );
    const retryAfter = error instanceof DomainError ? error.extras.retryAfterSeconds : undefined;
    sendProblem(reply, body, retryAfter);
  }
}
