import type { Server } from 'node:http';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Db, JsonLogger, type AppConfig, type Clock } from '@oneroof/platform';
import { Heartbeat } from './heartbeat';
import { startHealthServer } from './health-server';
import type { NotificationsWorkerOptions } from './notifications/notifications-worker.options';
import { RelayLoop } from './notifications/relay-loop';
import { WorkerMetrics } from './worker-metrics';
import { WorkerModule } from './worker.module';

export interface WorkerAppOptions {
  clock?: Clock;
  logger?: LoggerService | false;
  notifications?: Partial<NotificationsWorkerOptions>;
  /** Serve /health on config.workerPort (default true); in-process tests usually leave it off. */
  health?: boolean;
}

export interface WorkerApp {
  app: INestApplicationContext;
  server?: Server;
  close(): Promise<void>;
}

/** Builds the worker exactly as production runs it; main.ts adds signals, tests run it in-process. */
export async function createWorkerApp(config: AppConfig, options: WorkerAppOptions = {}): Promise<WorkerApp> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, clock: options.clock, notifications: options.notifications }),
    { logger: options.logger ?? new JsonLogger('worker', config.logLevel), abortOnError: false },
  );
  let server: Server | undefined;
  if (options.health !== false) {
    try {
      const db = app.get(Db);
      const heartbeat = app.get(Heartbeat);
      const relay = app.get(RelayLoop);
      server = await startHealthServer(
        { port: config.workerPort, host: config.host },
        db,
        heartbeat,
        relay,
        new WorkerMetrics(db, heartbeat, relay),
      );
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  return {
    app,
    server,
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await app.close();
    },
  };
}
