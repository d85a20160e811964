import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { pruneLoginRateWindows, pruneMfaChallenges, pruneRefreshTokens } from '@oneroof/identity';
import { APP_CONFIG, Clock, Db, IDEMPOTENCY_KEY_RETENTION_MS, pruneIdempotencyKeys, type AppConfig } from '@oneroof/platform';

export const PRUNE_INTERVAL_MS = 60_000;
export const PRUNE_BATCH_SIZE = 1000;
/** At most this many batches a table per pass, so that one pass never holds the worker for long. */
export const PRUNE_MAX_BATCHES = 20;

export interface PruneResult {
  loginRateWindows: number;
  idempotencyKeys: number;
  refreshTokens: number;
  mfaChallenges: number;
}

const NOTHING: PruneResult = { loginRateWindows: 0, idempotencyKeys: 0, refreshTokens: 0, mfaChallenges: 0 };

/**
 * Hygiene (issue 16, issue 14's leftover): expired login rate windows, idempotency keys older
 * than 24 hours (their stored answers hold persons' data), the refresh tokens of sessions that are
 * over and expired mfaTokens (issue 14), deleted in bounded batches every minute.
 * Any number of workers may run it (SKIP LOCKED); time is the injected clock's, so tests fire a pass.
 */
@Injectable()
export class Pruning implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Pruning');
  private timer?: NodeJS.Timeout;
  private running?: Promise<PruneResult>;
  private stopped = false;
  batchSize = PRUNE_BATCH_SIZE;
  maxBatches = PRUNE_MAX_BATCHES;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  /** One pass over every table; a pass already running is joined, not doubled. */
  tick(): Promise<PruneResult> {
    if (this.stopped) return Promise.resolve({ ...NOTHING });
    this.running ??= this.pass()
      .catch((error: unknown) => {
        this.logger.warn(`pruning failed: ${(error as Error).message}`);
        return { ...NOTHING };
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(): Promise<PruneResult> {
    const now = this.clock.now();
    const loginRateWindows = await this.batches(() => pruneLoginRateWindows(this.db, now, this.batchSize));
    const idempotencyKeys = await this.batches(() =>
      pruneIdempotencyKeys(this.db, new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_MS), this.batchSize),
    );
    const refreshTokens = await this.batches(() => pruneRefreshTokens(this.db, now, this.config.sessionIdleMinutes, this.batchSize));
    const mfaChallenges = await this.batches(() => pruneMfaChallenges(this.db, now, this.batchSize));
    const result = { loginRateWindows, idempotencyKeys, refreshTokens, mfaChallenges };
    if (loginRateWindows + idempotencyKeys + refreshTokens + mfaChallenges > 0) {
      this.logger.log({ msg: 'pruned expired rows', ...result });
    }
    return result;
  }

  private async batches(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let i = 0; i < this.maxBatches && !this.stopped; i++) {
      const deleted = await batch();
      total += deleted;
      if (deleted < this.batchSize) break;
    }
    return total;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
