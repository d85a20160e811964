import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnusualAccess, type DetectionResult } from '@oneroof/audit';

export const UNUSUAL_ACCESS_INTERVAL_MS = 60_000;

/**
 * design.md §9 unusual access: the rules run every minute over the audit events since the last run
 * (libs/audit unusual-access.ts). Any number of workers may run it: one run at a time holds the lock.
 * Tests call tick() to run it at once.
 */
@Injectable()
export class UnusualAccessDetection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UnusualAccess');
  private timer?: NodeJS.Timeout;
  private running?: Promise<DetectionResult>;
  private stopped = false;

  constructor(@Inject(UnusualAccess) private readonly unusual: UnusualAccess) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), UNUSUAL_ACCESS_INTERVAL_MS);
    this.timer.unref();
  }

  /** One run; a run already going is joined, not doubled. */
  tick(): Promise<DetectionResult> {
    if (this.stopped) return Promise.resolve({ checkedUpTo: -1, raised: 0 });
    this.running ??= this.unusual
      .detect()
      .then((result) => {
        if (result.raised > 0) this.logger.log({ msg: 'unusual access flagged', raised: result.raised });
        return result;
      })
      .catch((error: unknown) => {
        this.logger.warn(`unusual-access detection failed: ${(error as Error).message}`);
        return { checkedUpTo: -1, raised: 0 };
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
