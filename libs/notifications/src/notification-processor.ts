import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';
import { isUuid, processStatement, routeOf } from './routing';

export type ProcessOutcome =
  | { outcome: 'processed'; notified: number }
  | { outcome: 'already_processed' }
  | { outcome: 'dead_lettered'; reason: string }
  | { outcome: 'missing' };

/**
 * Turns one outbox event into its notifications. Exactly once in effect however often it runs: one
 * statement locks the event row, inserts its notifications under the unique (event_id, recipient_id)
 * and marks the row processed, so there is no moment where one is done without the other.
 */
@Injectable()
export class NotificationProcessor {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * `typeHint` (the job's copy of the event type) saves a round trip; the statement checks it
   * against the row, and a wrong or missing hint only costs a second look.
   */
  async process(eventId: string, typeHint?: string): Promise<ProcessOutcome> {
    if (!isUuid(eventId)) return { outcome: 'missing' };
    let type = typeHint;
    for (let attempt = 0; attempt < 2; attempt++) {
      const route = type === undefined ? undefined : routeOf(type);
      if (type !== undefined && route) {
        const statement = processStatement(route, eventId, type);
        // One text per event type (only the ids vary): planned once per connection, not per event (issue 11).
        const [row] = await this.db.query<{ claimed: number; notified: number }>(statement.sql, statement.params, { prepare: true });
        if (row.claimed === 1) return { outcome: 'processed', notified: row.notified };
      }
      const event = await this.db.query<{ type: string; processed_at: Date | null; dead_at: Date | null }>(
        `SELECT type, processed_at, dead_at FROM outbox_events WHERE id = $1`,
        [eventId],
      );
      if (!event[0]) return { outcome: 'missing' };
      if (event[0].processed_at) return { outcome: 'already_processed' };
      if (event[0].dead_at) return { outcome: 'dead_lettered', reason: 'dead-lettered before; retry it from the admin API' };
      if (!routeOf(event[0].type)) {
        const reason = `no route for event type "${event[0].type}"`;
        await this.db.query(
          `UPDATE outbox_events SET dead_at = now(), failures = failures + 1, last_error = $2 WHERE id = $1 AND processed_at IS NULL AND dead_at IS NULL`,
          [eventId, reason],
        );
        return { outcome: 'dead_lettered', reason };
      }
      type = event[0].type;
    }
    throw new Error(`event ${eventId} could not be claimed; it will be retried`);
  }

  /** Records a failed attempt; the last one puts the event in the dead-letter state admins see. */
  async recordFailure(eventId: string, error: unknown, final: boolean): Promise<void> {
    if (!isUuid(eventId)) return;
    const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
    await this.db.query(
      `UPDATE outbox_events
          SET failures = failures + 1, last_error = $2, dead_at = CASE WHEN $3::boolean THEN now() ELSE dead_at END
        WHERE id = $1 AND processed_at IS NULL`,
      [eventId, message, final],
    );
  }
}
