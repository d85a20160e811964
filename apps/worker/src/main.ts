import 'reflect-metadata';
import { checkDatabase, checkRedis, ConfigError, JsonLogger, loadConfig, ServiceUnreachableError } from '@oneroof/platform';
import { createWorkerApp } from './bootstrap';

async function main(): Promise<void> {
  try {
    const config = loadConfig();
    const logger = new JsonLogger('worker', config.logLevel);
    // The owner's work (create, migrate, grant) is `npm run migrate`'s; this process only logs in.
    await checkDatabase(config.databaseAppUrl);
    await checkRedis(config.redisUrl);
    const worker = await createWorkerApp(config, { logger });
    // Stop taking jobs, finish the running ones, then exit; a second signal does not wait.
    const stop = () => {
      void worker.close().finally(() => process.exit(0));
    };
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
