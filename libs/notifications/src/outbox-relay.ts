import type { Queue } from 'bullmq';
import type { Db } from '@oneroof/platform';
import { batchJobId, EVENT_JOB_NAME, EVENT_JOB_OPTIONS, withTimeout, type EventJobData } from './queue';

export interface RelayOptions {
  /** Rows claimed per pass. */
  batchSize: number;
  /** An event handed to Redis this long ago and still not processed is handed over again. */
  reRelayAfterMs: number;
  /** How long one hand-over to Redis may take before the pass gives up and releases its rows. */
  redisTimeoutMs: number;
  /** Most events one job carries, for rows relayed for the first time. */
  eventsPerJob: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = { batchSize: 500, reRelayAfterMs: 30_000, redisTimeoutMs: 3000, eventsPerJob: 100 };

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

  get batchSize(): number {
    return this.options.batchSize;
  }

  constructor(
    private readonly db: Db,
    private readonly queue: Queue<EventJobData>,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options };
  }

  /** Hands over up to one batch of never-relayed rows; returns how many (fewer than batchSize: none left). */
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
    // One statement is its own transaction: no BEGIN and COMMIT round trips on the way from a
    // commit to the inbox (issue 11). Prepared: the two texts are fixed.
    const rows = await this.db.query<ClaimedRow>(
      `UPDATE outbox_events o SET relayed_at = now(), relay_count = o.relay_count + 1
         FROM (${selectSql}) c
        WHERE o.id = c.id
       RETURNING o.id, o.type, o.relay_count`,
      params,
      { prepare: true },
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

  /**
   * Rows relayed for the first time go several to a job (what was claimed together, up to
   * eventsPerJob); a lone row, and every row handed over again, goes as a job of its own whose id is
   * the event's, so that the check below can find a job that is still to run. A row handed over
   * again whose first job of several is still waiting is therefore handed over twice: the second
   * run finds it processed and changes nothing (a statement's cost, only after reRelayAfterMs).
   */
  private async handOver(rows: ClaimedRow[]): Promise<void> {
    const single: ClaimedRow[] = [];
    const fresh: ClaimedRow[] = [];
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
        single.push(row);
      } else fresh.push(row);
    }
    const jobs: { name: string; data: EventJobData; opts: typeof EVENT_JOB_OPTIONS & { jobId: string } }[] = single.map((row) => ({
      name: EVENT_JOB_NAME,
      data: { eventId: row.id, type: row.type },
      opts: { ...EVENT_JOB_OPTIONS, jobId: row.id },
    }));
    for (let offset = 0; offset < fresh.length; offset += this.options.eventsPerJob) {
      const chunk = fresh.slice(offset, offset + this.options.eventsPerJob);
      if (chunk.length === 1) {
        jobs.push({
          name: EVENT_JOB_NAME,
          data: { eventId: chunk[0].id, type: chunk[0].type },
          opts: { ...EVENT_JOB_OPTIONS, jobId: chunk[0].id },
        });
        continue;
      }
      const events = chunk.map((row) => ({ eventId: row.id, type: row.type }));
      jobs.push({
        name: EVENT_JOB_NAME,
        data: { eventId: events[0].eventId, type: events[0].type, events },
        opts: { ...EVENT_JOB_OPTIONS, jobId: batchJobId(events) },
      });
    }
    if (jobs.length === 0) return;
    await this.queue.addBulk(jobs);
  }
}
