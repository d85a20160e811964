import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock, Db, fireDueTimers } from '@oneroof/platform';
import { NOTIFICATIONS_WORKER_OPTIONS, type NotificationsWorkerOptions } from './notifications-worker.options';

/**
 * Fires due timers by the injected clock: each due timer becomes an outbox event and is marked
 * fired in one transaction, so it travels the same pipe as every other event.
 */
@Injectable()
export class TimerLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Timers');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  firedTotal = 0;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_WORKER_OPTIONS) private readonly options: NotificationsWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.running = undefined;
        });
    }, delayMs);
  }

  /** Fires everything due now, batch after batch. */
  async tick(): Promise<number> {
    let fired = 0;
    try {
      let batch: string[];
      do {
        batch = await this.db.transaction((tx) => fireDueTimers(tx, this.clock.now(), 100));
        fired += batch.length;
      } while (batch.length === 100 && !this.stopped);
      this.firedTotal += fired;
    } catch (error) {
      this.logger.warn(`firing timers failed: ${(error as Error).message}`);
    }
    this.schedule(this.options.timerIntervalMs);
    return fired;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
