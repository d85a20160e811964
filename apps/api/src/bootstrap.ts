import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Clock, JsonLogger, type AppConfig } from '@oneroof/platform';
import { AppModule } from './app.module';
import { installFastifyHooks, requestIdOf } from './http/fastify-hooks';
import { clientErrorHandler, frameworkErrorHandler } from './http/framework-errors';
import { HttpMetrics } from './http/metrics';
import { ProblemFilter } from './http/problem.filter';
import { RouteTable } from './http/route-table';
import { createValidationPipe } from './http/validation';
import { mountQueueDashboard } from './notifications/queue-dashboard';
import { mountWebApp } from './web/web-app';
import { buildOpenApiDocument } from './openapi/document';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Express' meaning of `trust proxy = n`: the socket's peer and the n - 1 addresses before it are proxies. */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

export interface ApiAppOptions {
  clock?: Clock;
  logger?: LoggerService | false;
  /** false: no database connection, for `npm run openapi` (the document needs the module graph only). */
  connectDatabase?: boolean;
}

/** Builds the API exactly as production runs it; main.ts listens, tests inject. */
export async function createApiApp(config: AppConfig, options: ApiAppOptions = {}): Promise<NestFastifyApplication> {
  const metrics = new HttpMetrics();
  const logger = options.logger ?? new JsonLogger('api', config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdOf(request),
    // TRUST_PROXY (off by default): only these proxies' X-Forwarded-For makes request.ip, which the
    // login limit and the audit's ip read; otherwise the socket's address counts.
    // A hop count is given as proxy-addr's (address, hop) function: this Fastify treats a bare number
    // as "trust nobody" (a direct client could otherwise claim enough hops).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Fastify's own request logging stays off: its lines carry URLs, which hold ids and the calendar
    // feed's token. The access line is ours (fastify-hooks.ts, by route pattern), through pino like
    // every other line (JsonLogger); what Fastify itself answers is framework-errors.ts'.
    logger: false,
    // Answers written before any route or filter runs: problem+json too (framework-errors.ts).
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, clock: options.clock, metrics, connectDatabase: options.connectDatabase }),
    adapter,
    {
      logger,
      bufferLogs: false,
      abortOnError: false,
      // JSON only (design.md §4): Nest would add a form parser, and Fastify brings a text/plain one;
      // without them any other content type is Fastify's 415, answered as problem+json by ProblemFilter.
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const routes = new RouteTable();
  installFastifyHooks(fastify, metrics, routes);
  app.setGlobalPrefix('api', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(routes));
  app.enableShutdownHooks();
  await mountQueueDashboard(app);
  await mountWebApp(app);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return app;
}
