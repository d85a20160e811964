import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';
import { isUuid, processStatement, routeOf } from './routing';

export type ProcessOutcome =
  | { outcome: 'processed'; notified: number }
  | { outcome: 'already_processed' }
  | { outcome: 'dead_lettered'; reason: string }
  | { outcome: 'missing' };

/** One event to process: its id and the job's copy of its type (a hint: the row decides). */
export interface EventRef {
  eventId: string;
  type?: string;
}

/** Per event id: its outcome, or the error that this attempt at it ended with (it will be retried). */
export type BatchOutcome = Map<string, ProcessOutcome | Error>;

interface EventState {
  id: string;
  type: string;
  processed_at: Date | null;
  dead_at: Date | null;
}

/**
 * Turns outbox events into their notifications. Exactly once in effect however often it runs: one
 * statement locks the event rows, inserts their notifications under the unique (event_id,
 * recipient_id) and marks the rows processed, so there is no moment where one is done without the
 * other. Several events of a type share that one statement (issue 11), so a worker under a burst
 * pays one round trip and one plan per batch, not per event.
 */
@Injectable()
export class NotificationProcessor {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * `typeHint` (the job's copy of the event type) saves a round trip; the statement checks it
   * against the row, and a wrong or missing hint only costs a second look.
   */
  async process(eventId: string, typeHint?: string): Promise<ProcessOutcome> {
    const outcome = (await this.processBatch([{ eventId, type: typeHint }])).get(eventId)!;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /**
   * Processes a set of events, one statement per event type. The result holds every id given. A
   * statement that fails for a set is tried again event by event, so that one event that cannot be
   * processed fails (and is retried, and in the end dead-lettered) alone, never its batch-mates.
   */
  async processBatch(events: readonly EventRef[]): Promise<BatchOutcome> {
    const results: BatchOutcome = new Map();
    const hints = new Map<string, string | undefined>();
    for (const event of events) {
      if (!isUuid(event.eventId)) results.set(event.eventId, { outcome: 'missing' });
      else if (!hints.has(event.eventId) || hints.get(event.eventId) === undefined) hints.set(event.eventId, event.type);
    }
    let open = [...hints.keys()];
    for (let attempt = 0; attempt < 2 && open.length > 0; attempt++) {
      await this.claimByType(
        open.map((id) => ({ eventId: id, type: hints.get(id) })),
        results,
      );
      open = open.filter((id) => !results.has(id));
      if (open.length === 0) break;
      // Not claimed: gone, done, dead, unroutable, or the hint named the wrong type. One look at the rows says which.
      const rows = await this.db.query<EventState>(`SELECT id, type, processed_at, dead_at FROM outbox_events WHERE id = ANY($1::uuid[])`, [
        open,
      ]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const id of open) {
        const row = byId.get(id);
        if (!row) results.set(id, { outcome: 'missing' });
        else if (row.processed_at) results.set(id, { outcome: 'already_processed' });
        else if (row.dead_at) results.set(id, { outcome: 'dead_lettered', reason: 'dead-lettered before; retry it from the admin API' });
        else if (!routeOf(row.type)) results.set(id, await this.deadLetterUnroutable(id, row.type));
        else hints.set(id, row.type);
      }
      open = open.filter((id) => !results.has(id));
    }
    for (const id of open) results.set(id, new Error(`event ${id} could not be claimed; it will be retried`));
    return results;
  }

  /** Runs the routing statement once per type present; claimed events get their outcome in `results`. */
  private async claimByType(events: readonly EventRef[], results: BatchOutcome): Promise<void> {
    const byType = new Map<string, string[]>();
    for (const event of events) {
      if (event.type === undefined || !routeOf(event.type)) continue;
      const ids = byType.get(event.type) ?? [];
      ids.push(event.eventId);
      byType.set(event.type, ids);
    }
    for (const [type, ids] of byType) {
      try {
        await this.claim(type, ids, results);
      } catch (error) {
        if (ids.length === 1) {
          results.set(ids[0], error instanceof Error ? error : new Error(String(error)));
          continue;
        }
        // Alone, each event succeeds or fails on its own account.
        for (const id of ids) {
          try {
            await this.claim(type, [id], results);
          } catch (single) {
            results.set(id, single instanceof Error ? single : new Error(String(single)));
          }
        }
      }
    }
  }

  private async claim(type: string, ids: string[], results: BatchOutcome): Promise<void> {
    const statement = processStatement(routeOf(type)!, ids, type);
    // One text per event type (only the ids vary): planned once per connection, not per batch (issue 11).
    const rows = await this.db.query<{ event_id: string; notified: number }>(statement.sql, statement.params, { prepare: true });
    for (const row of rows) results.set(row.event_id, { outcome: 'processed', notified: row.notified });
  }

  private async deadLetterUnroutable(eventId: string, type: string): Promise<ProcessOutcome> {
    const reason = `no route for event type "${type}"`;
    await this.db.query(
      `UPDATE outbox_events SET dead_at = now(), failures = failures + 1, last_error = $2 WHERE id = $1 AND processed_at IS NULL AND dead_at IS NULL`,
      [eventId, reason],
    );
    return { outcome: 'dead_lettered', reason };
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
