import type { Tx } from '../database/db';

/**
 * A domain event as it enters the outbox (design.md §5). Written in the same transaction as the
 * change that raises it, so an event exists exactly when its change does; the worker relays it.
 * Payloads carry ids and references, never personal details: they end up in Redis.
 */
export interface OutboxEvent {
  type: string;
  caseId?: string | null;
  /** Ids the router needs to find recipients (userIds, handoverId, …) and the case reference. */
  payload: Record<string, unknown>;
  occurredAt?: Date;
}

export const OUTBOX_CHANNEL = 'oneroof_outbox';

/** Adds events to the outbox inside the caller's transaction; NOTIFY is delivered only on commit. */
export async function writeOutboxEvents(tx: Tx, events: OutboxEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO outbox_events (type, case_id, payload, occurred_at)
     SELECT e.type, e.case_id, e.payload, e.occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS e(type text, case_id uuid, payload jsonb, occurred_at timestamptz)
     RETURNING id`,
    [
      JSON.stringify(
        events.map((e) => ({
          type: e.type,
          case_id: e.caseId ?? null,
          payload: e.payload,
          occurred_at: (e.occurredAt ?? new Date()).toISOString(),
        })),
      ),
    ],
  );
  await tx.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return rows.map((r) => r.id);
}
