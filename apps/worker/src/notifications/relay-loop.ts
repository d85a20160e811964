import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OutboxRelay } from '@oneroof/notifications';
import { APP_CONFIG, Db, OUTBOX_CHANNEL, type AppConfig } from '@oneroof/platform';
import { Client } from 'pg';
import { EventsQueue } from './events-queue';
import { NOTIFICATIONS_WORKER_OPTIONS, type NotificationsWorkerOptions } from './notifications-worker.options';

export interface RelayStatus {
  state: 'starting' | 'running' | 'failing' | 'stopped';
  /** Whether LISTEN on the outbox channel is up (else only polling wakes the relay). */
  listening: boolean;
  lastPassAt: string | null;
  relayedTotal: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

/**
 * Wakes the relay on NOTIFY (writeOutboxEvents sends one at commit), with polling as the fallback
 * for a notification missed while LISTEN was down. One pass at a time per process; several
 * processes share the outbox safely through SKIP LOCKED.
 */
@Injectable()
export class RelayLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private readonly relay: OutboxRelay;
  private listener?: Client;
  private pollTimer?: NodeJS.Timeout;
  private staleTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private wakePending = false;
  private stalePending = false;
  private stopped = false;
  private readonly statusValue: RelayStatus = {
    state: 'starting',
    listening: false,
    lastPassAt: null,
    relayedTotal: 0,
    lastError: null,
    lastErrorAt: null,
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Db) db: Db,
    @Inject(EventsQueue) events: EventsQueue,
    @Inject(NOTIFICATIONS_WORKER_OPTIONS) private readonly options: NotificationsWorkerOptions,
  ) {
    this.relay = new OutboxRelay(db, events.queue, {
      reRelayAfterMs: options.reRelayAfterMs,
      redisTimeoutMs: options.redisTimeoutMs,
      eventsPerJob: options.eventsPerJob,
    });
  }

  status(): RelayStatus {
    return { ...this.statusValue };
  }

  onApplicationBootstrap(): void {
    void this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.relayPollMs);
    this.staleTimer = setInterval(() => this.wake(true), this.options.staleCheckMs);
    this.wake(true);
  }

  /** Asks for a pass; passes asked for while one runs fold into one more. */
  wake(stale = false): void {
    if (this.stopped) return;
    this.wakePending = true;
    if (stale) this.stalePending = true;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.wakePending && !this.stopped) this.wake();
    });
  }

  private async drain(): Promise<void> {
    while (this.wakePending && !this.stopped) {
      this.wakePending = false;
      const stale = this.stalePending;
      this.stalePending = false;
      try {
        let relayed = 0;
        if (stale) relayed += await this.relay.relayStale();
        let batch: number;
        do {
          batch = await this.relay.relayFresh();
          relayed += batch;
          // A short batch took every row there was; a row committed since has sent a NOTIFY, which
          // asks for another pass, so no empty claim is spent after each event.
        } while (batch >= this.relay.batchSize && !this.stopped);
        this.statusValue.relayedTotal += relayed;
        this.statusValue.lastPassAt = new Date().toISOString();
        this.statusValue.state = 'running';
      } catch (error) {
        const message = (error as Error).message;
        if (this.statusValue.state !== 'failing' || this.statusValue.lastError !== message)
          this.logger.warn(`relay pass failed: ${message}`);
        this.statusValue.state = 'failing';
        this.statusValue.lastError = message;
        this.statusValue.lastErrorAt = new Date().toISOString();
        if (stale) this.stalePending = true;
        // The next poll tries again; no tight loop against a Redis that is away.
        return;
      }
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseAppUrl, application_name: 'oneroof-worker-listen' });
    const retry = () => {
      this.statusValue.listening = false;
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.stopped && !this.reconnectTimer) {
        this.reconnectTimer = setTimeout(() => {
          this.reconnectTimer = undefined;
          void this.listen();
        }, 1000);
      }
    };
    client.on('error', retry);
    client.on('end', () => {
      if (!this.stopped) retry();
    });
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
      this.statusValue.listening = true;
      // Anything committed while we were not listening.
      this.wake();
    } catch (error) {
      this.logger.warn(`LISTEN ${OUTBOX_CHANNEL} failed, polling meanwhile: ${(error as Error).message}`);
      retry();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.statusValue.state = 'stopped';
    clearInterval(this.pollTimer);
    clearInterval(this.staleTimer);
    clearTimeout(this.reconnectTimer);
    await this.running?.catch(() => undefined);
    const listener = this.listener;
    this.listener = undefined;
    this.statusValue.listening = false;
    await listener?.end().catch(() => undefined);
  }
}
