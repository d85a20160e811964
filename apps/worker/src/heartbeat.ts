import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, createRedis, type AppConfig } from '@oneroof/platform';
import type { Redis } from 'ioredis';

export const HEARTBEAT_INTERVAL_MS = 5000;
export const HEARTBEAT_TTL_SECONDS = 15;

/**
 * Each worker announces itself in Redis under the installation's queue prefix, so that operators
 * (and the API's dashboard) can see which workers are alive; the key expires when one dies.
 */
@Injectable()
export class Heartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Heartbeat');
  private readonly redis: Redis;
  private timer?: NodeJS.Timeout;
  readonly workerId = `${hostname()}:${process.pid}`;
  lastBeatAt: Date | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = createRedis(config.redisUrl, { lazy: true });
    this.redis.on('error', () => undefined);
  }

  get key(): string {
    return `${this.config.queuePrefix}:workers:${this.workerId}`;
  }

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async beat(): Promise<boolean> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      const now = new Date();
      await this.redis.set(this.key, now.toISOString(), 'EX', HEARTBEAT_TTL_SECONDS);
      this.lastBeatAt = now;
      return true;
    } catch (error) {
      this.logger.warn(`heartbeat to Redis failed: ${(error as Error).message}`);
      return false;
    }
  }

  /** Healthy while the last beat is recent enough for the key still to be there. */
  isAlive(now = new Date()): boolean {
    return this.lastBeatAt !== null && now.getTime() - this.lastBeatAt.getTime() < HEARTBEAT_TTL_SECONDS * 1000;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.redis.del(this.key).catch(() => undefined);
    this.redis.disconnect();
  }
}
