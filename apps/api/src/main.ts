import 'reflect-metadata';
import { passwordRefusal, UsersService } from '@oneroof/identity';
import { checkDatabase, checkRedis, ConfigError, JsonLogger, loadConfig, ServiceUnreachableError } from '@oneroof/platform';
import { createApiApp } from './bootstrap';

/** The API process. A wrong setting or a missing server stops it with one sentence, not a stack trace. */
async function main(): Promise<void> {
  try {
    const config = loadConfig();
    const logger = new JsonLogger('api', config.logLevel);
    if (config.bootstrapAdminEmail && config.bootstrapAdminPassword) {
      const refusal = passwordRefusal(config.bootstrapAdminPassword, { email: config.bootstrapAdminEmail, name: 'Administrator' });
      if (refusal !== null) {
        throw new ConfigError([
          `BOOTSTRAP_ADMIN_PASSWORD is too easy to guess (${refusal.replace('_', ' ')}): choose one an attacker would not try first.`,
        ]);
      }
    }
    // The owner's work (create, migrate, grant) is `npm run migrate`'s; this process only logs in.
    await checkDatabase(config.databaseAppUrl);
    await checkRedis(config.redisUrl);
    const app = await createApiApp(config, { logger });
    if (config.bootstrapAdminEmail && config.bootstrapAdminPassword) {
      const outcome = await app.get(UsersService).ensureBootstrapAdmin(config.bootstrapAdminEmail, config.bootstrapAdminPassword);
      if (outcome === 'created') logger.log('bootstrap admin created', 'Bootstrap');
      if (outcome === 'email_taken') {
        logger.warn('no active admin, and BOOTSTRAP_ADMIN_EMAIL belongs to an existing account, which is left as it is', 'Bootstrap');
      }
    }
    await app.listen({ port: config.port, host: config.host });
    logger.log(`API listening on ${config.host}:${config.port}; docs at /api/docs`, 'Bootstrap');
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ServiceUnreachableError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
