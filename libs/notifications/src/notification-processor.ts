import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';
import { caseReferenceOf, isUuid, notificationInsert, routeOf } from './routing';

export type ProcessOutcome =
  | { outcome: 'processed'; notified: number }
  | { outcome: 'already_processed' }
  | { outcome: 'dead_lettered'; reason: string }
  | { outcome: 'missing' };

interface EventRow {
  id: string;
  type: string;
  case_id: string | null;
  payload: Record<string, unknown>;
  processed_at: Date | null;
  dead_at: Date | null;
}

/**
 * Turns one outbox event into its notifications. Exactly once in effect however often it runs: the
 * event row is locked, its notifications are inserted under the unique (event_id, recipient_id),
 * and the row is marked processed, all in one transaction.
 */
@Injectable()
export class NotificationProcessor {
  constructor(@Inject(Db) private readonly db: Db) {}

  async process(eventId: string): Promise<ProcessOutcome> {
    if (!isUuid(eventId)) return { outcome: 'missing' };
    return this.db.transaction(async (tx) => {
      // FOR UPDATE: two runs of the same job (a re-relay racing the first) take turns, and the
      // second finds the event processed.
      const event = await tx.one<EventRow>(
        `SELECT id, type, case_id, payload, processed_at, dead_at FROM outbox_events WHERE id = $1 FOR UPDATE`,
        [eventId],
      );
      if (!event) return { outcome: 'missing' };
      if (event.processed_at) return { outcome: 'already_processed' };
      if (event.dead_at) return { outcome: 'dead_lettered', reason: 'dead-lettered before; retry it from the admin API' };
      const route = routeOf(event.type);
      if (!route) {
        const reason = `no route for event type "${event.type}"`;
        await tx.query(`UPDATE outbox_events SET dead_at = now(), failures = failures + 1, last_error = $2 WHERE id = $1`, [
          eventId,
          reason,
        ]);
        return { outcome: 'dead_lettered', reason };
      }
      const caseId = event.case_id ?? (isUuid(event.payload.caseId) ? event.payload.caseId : null);
      const reference = caseReferenceOf(event.payload);
      const insert = notificationInsert(
        route.recipients,
        { id: event.id, type: event.type, caseId, payload: event.payload },
        route.title(reference),
        reference,
      );
      const notified = insert.sql ? (await tx.execute(insert.sql, insert.params)).affected : 0;
      await tx.query(`UPDATE outbox_events SET processed_at = now() WHERE id = $1`, [eventId]);
      return { outcome: 'processed', notified };
    });
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
