import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';

export interface OutboxStats {
  /** Events not yet turned into notifications (and not dead-lettered). */
  unprocessed: number;
  /** Of those, how many no relay has handed to Redis yet. */
  unrelayed: number;
  /** Age in seconds of the oldest unprocessed event; 0 when there is none. */
  oldestUnprocessedAgeSeconds: number;
  deadLetters: number;
}

/** Outbox gauges computed from Postgres when asked (a /metrics scrape, the worker's /health). */
@Injectable()
export class OutboxStatsService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async read(): Promise<OutboxStats> {
    const [row] = await this.db.query<{ unprocessed: string; unrelayed: string; oldest_age: number | null; dead: string }>(
      `SELECT
         (SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL) AS unprocessed,
         (SELECT count(*) FROM outbox_events WHERE relayed_at IS NULL AND processed_at IS NULL AND dead_at IS NULL) AS unrelayed,
         (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL) AS oldest_age,
         (SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL) AS dead`,
    );
    return {
      unprocessed: Number(row.unprocessed),
      unrelayed: Number(row.unrelayed),
      oldestUnprocessedAgeSeconds: Math.max(0, row.oldest_age ?? 0),
      deadLetters: Number(row.dead),
    };
  }
}
