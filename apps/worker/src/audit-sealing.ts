import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuditSealer } from '@oneroof/audit';

export const AUDIT_SEAL_INTERVAL_MS = 1000;

/**
 * Seals committed audit events into the hash chain once at start and then every second
 * (libs/audit/src/audit-chain.ts). Any number of workers may run this: the sealer's advisory lock
 * lets one seal at a time, and the others skip that tick instead of queueing behind it.
 */
@Injectable()
export class AuditSealing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealing');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(@Inject(AuditSealer) private readonly sealer: AuditSealer) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => this.tick(), AUDIT_SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  /** One run at a time in this process: a slow run (a large backlog) is not overtaken by the next tick. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.sealer
      .sealPending()
      .then((result) => {
        if (result.sealed > 0) this.logger.debug(`sealed ${result.sealed} audit events`);
      })
      .catch((error: unknown) => this.logger.warn(`sealing audit events failed: ${(error as Error).message}`))
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
