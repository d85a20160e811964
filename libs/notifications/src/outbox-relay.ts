import type { Queue } from 'bullmq';
import type { Db } from '@oneroof/platform';
import { EVENT_JOB_NAME, EVENT_JOB_OPTIONS, withTimeout, type EventJobData } from './queue';

export interface RelayOptions {
  /** Rows claimed per pass. */
  batchSize: number;
  /** An event handed to Redis this long ago and still not processed is handed over again. */
  reRelayAfterMs: number;
  /** How long one hand-over to Redis may take before the pass gives up and releases its rows. */
  redisTimeoutMs: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = { batchSize: 500, reRelayAfterMs: 30_000, redisTimeoutMs: 3000 };

interface ClaimedRow {
  id: string;
  type: string;
  relay_count: number;
}

/**
 * Moves outbox rows into BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED and stamped
 * relayed_at in a short transaction of their own, so several relays never hand over the same row
 * at once and no Postgres transaction stays open while Redis is slow or away. Handing over is not
 * "done": the processor's processed_at is. Rows relayed long ago and still unprocessed (Redis lost
 * them, or a job died) are claimed again.
 */
export class OutboxRelay {
  private readonly options: RelayOptions;

  constructor(
    private readonly db: Db,
    private readonly queue: Queue<EventJobData>,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options };
  }

  /** Hands over up to one batch of never-relayed rows; returns how many. */
  relayFresh(): Promise<number> {
    return this.relay(
      `SELECT id FROM outbox_events
        WHERE relayed_at IS NULL AND processed_at IS NULL AND dead_at IS NULL
        ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.options.batchSize],
    );
  }

  /** Hands over again up to one batch of rows relayed long ago but not processed; returns how many. */
  relayStale(): Promise<number> {
    return this.relay(
      `SELECT id FROM outbox_events
        WHERE processed_at IS NULL AND dead_at IS NULL AND relayed_at < now() - make_interval(secs => $2)
        ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.options.batchSize, this.options.reRelayAfterMs / 1000],
    );
  }

  private async relay(selectSql: string, params: unknown[]): Promise<number> {
    const rows = await this.db.transaction((tx) =>
      tx.query<ClaimedRow>(
        `UPDATE outbox_events o SET relayed_at = now(), relay_count = o.relay_count + 1
           FROM (${selectSql}) c
          WHERE o.id = c.id
         RETURNING o.id, o.type, o.relay_count`,
        params,
      ),
    );
    if (rows.length === 0) return 0;
    try {
      await withTimeout(this.handOver(rows), this.options.redisTimeoutMs, 'handing events to Redis');
    } catch (error) {
      // Give the rows back at once rather than after reRelayAfterMs: the next pass tries again.
      await this.db
        .query(`UPDATE outbox_events SET relayed_at = NULL WHERE id = ANY($1::uuid[]) AND processed_at IS NULL`, [rows.map((r) => r.id)])
        .catch(() => undefined);
      throw error;
    }
    return rows.length;
  }

  private async handOver(rows: ClaimedRow[]): Promise<void> {
    const jobs: ClaimedRow[] = [];
    for (const row of rows) {
      if (row.relay_count > 1) {
        // A job id is reusable only once the old job is gone. One still waiting, delayed or active
        // will run anyway; a finished one (failed, or completed without effect) must make way.
        const existing = await this.queue.getJob(row.id);
        if (existing) {
          const state = await existing.getState();
          if (state !== 'completed' && state !== 'failed') continue;
          await existing.remove();
        }
      }
      jobs.push(row);
    }
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((row) => ({
        name: EVENT_JOB_NAME,
        data: { eventId: row.id, type: row.type },
        opts: { ...EVENT_JOB_OPTIONS, jobId: row.id },
      })),
    );
  }
}
