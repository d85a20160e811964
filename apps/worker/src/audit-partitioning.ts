import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuditPartitions, PARTITION_MONTHS_AHEAD } from '@oneroof/audit';

/** Four times a day: a month ahead is made weeks before it is needed, and a failed run is retried soon. */
export const AUDIT_PARTITION_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Keeps the audit trail's month partitions made ahead (design.md §6, §11): at start, then every six
 * hours, this month and the next PARTITION_MONTHS_AHEAD. Any number of workers may run it: the
 * database function takes a lock and makes only what is missing. It waits at most a few seconds for
 * its lock on the tables (the function's lock_timeout), so that it never holds up audit writes
 * behind a long transaction; a run that gives up is retried at the next tick.
 */
@Injectable()
export class AuditPartitioning implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditPartitioning');
  private timer?: NodeJS.Timeout;
  private running?: Promise<string[]>;
  private stopped = false;

  constructor(@Inject(AuditPartitions) private readonly partitions: AuditPartitions) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), AUDIT_PARTITION_INTERVAL_MS);
    this.timer.unref();
  }

  /** One run at a time in this process; returns the partitions it made. */
  tick(): Promise<string[]> {
    if (this.stopped) return Promise.resolve([]);
    this.running ??= this.partitions
      .ensureAhead(PARTITION_MONTHS_AHEAD)
      .then((made) => {
        if (made.length > 0) this.logger.log({ msg: 'audit partitions created', partitions: made });
        return made;
      })
      .catch((error: unknown) => {
        this.logger.warn(`creating audit partitions ahead failed: ${(error as Error).message}`);
        return [];
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
