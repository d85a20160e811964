import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { checkRedis, ConfigError, Db, ensureDatabase, JsonLogger, loadConfig, ServiceUnreachableError } from '@oneroof/platform';
import { Heartbeat } from './heartbeat';
import { startHealthServer } from './health-server';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const logger = new JsonLogger('worker');
  try {
    const config = loadConfig();
    await ensureDatabase(config.databaseUrl);
    await checkRedis(config.redisUrl);
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config }), { logger });
    app.enableShutdownHooks();
    const server = await startHealthServer(config.workerPort, app.get(Db), app.get(Heartbeat));
    const stop = () => server.close();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    logger.log(`worker running; health on port ${config.workerPort}`, 'Bootstrap');
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ServiceUnreachableError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
