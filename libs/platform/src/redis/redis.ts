import { Redis } from 'ioredis';
import { redactUrl, ServiceUnreachableError } from '../database/ensure-database';

export const REDIS_HINT =
  "start it with `docker compose -f docker/compose.yml up -d redis`, or with your distribution's packages (for example `redis-server --daemonize yes`)";

/** A Redis client that fails fast instead of queueing commands forever while Redis is away. */
export function createRedis(redisUrl: string, options: { lazy?: boolean; forBullmq?: boolean } = {}): Redis {
  return new Redis(redisUrl, {
    lazyConnect: options.lazy ?? true,
    // BullMQ's blocking connections must wait indefinitely; everything else gives up quickly.
    maxRetriesPerRequest: options.forBullmq ? null : 1,
    enableOfflineQueue: options.forBullmq ? true : false,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

/** Pings Redis once; one sentence naming the URL and how to start it if that fails. */
export async function checkRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new ServiceUnreachableError(`Redis at ${redactUrl(redisUrl)} cannot be reached (${(error as Error).message}); ${REDIS_HINT}.`);
  } finally {
    redis.disconnect();
  }
}
