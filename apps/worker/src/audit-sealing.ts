import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuditCheckpoints, AuditSealer, checkpointToken } from '@oneroof/audit';

export const AUDIT_SEAL_INTERVAL_MS = 1000;
/** design.md §11, issue 15 finding 4: a signed checkpoint at least every minute. */
export const AUDIT_CHECKPOINT_INTERVAL_MS = 60_000;

/**
 * Seals committed audit events into the hash chain once at start and then every second
 * (libs/audit/src/audit-chain.ts). Any number of workers may run this: the sealer's advisory lock
 * lets one seal at a time, and the others skip that tick instead of queueing behind it.
 */
@Injectable()
export class AuditSealing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealing');
  private timer?: NodeJS.Timeout;
  private checkpointTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private checkpointing?: Promise<void>;
  private stopped = false;
  /** Tests shorten it; production keeps the minute. */
  checkpointEveryMs = AUDIT_CHECKPOINT_INTERVAL_MS;

  constructor(
    @Inject(AuditSealer) private readonly sealer: AuditSealer,
    @Inject(AuditCheckpoints) private readonly checkpoints: AuditCheckpoints,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => this.tick(), AUDIT_SEAL_INTERVAL_MS);
    this.timer.unref();
    this.checkpointTimer = setInterval(() => this.checkpoint(), this.checkpointEveryMs);
    this.checkpointTimer.unref();
  }

  /**
   * Signs the chain's head into audit_checkpoints and logs it as one structured line: the log is the
   * copy outside the database that a cut tail cannot reach (verify?checkpoint= takes it back).
   */
  checkpoint(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.checkpointing ??= this.checkpoints
      .record()
      .then((checkpoint) => {
        if (!checkpoint) return;
        this.logger.log({
          msg: 'audit checkpoint',
          checkpoint: checkpointToken(checkpoint),
          position: checkpoint.position,
          hash: checkpoint.hash,
          at: checkpoint.at?.toISOString(),
        });
      })
      .catch((error: unknown) => this.logger.warn(`writing an audit checkpoint failed: ${(error as Error).message}`))
      .finally(() => {
        this.checkpointing = undefined;
      });
    return this.checkpointing;
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
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    await this.running;
    await this.checkpointing;
  }
}
