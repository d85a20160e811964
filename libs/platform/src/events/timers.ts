import type { Tx } from '../database/db';
import { writeOutboxEvents, type OutboxEvent } from './outbox';

/**
 * Durable timers: "at fireAt, raise this event unless cancelled" (follow-up reminders, handover
 * deadlines). They live in Postgres, so a context reschedules or cancels one in the same transaction
 * as the change that moves it, and the worker fires it through the outbox like any other event.
 */
export interface TimerSpec {
  /** Names the timer for later reschedules and cancels, e.g. `follow_up:<id>:remind:60`. */
  key: string;
  fireAt: Date;
  event: OutboxEvent;
}

/**
 * Creates the timer or moves it (same key, new time, new event). A timer that already fired stays
 * fired when scheduled again for the very same moment (a retried request must not raise it twice);
 * scheduled for another moment, it is armed again. Returns whether it is now armed.
 */
export async function scheduleTimer(tx: Tx, spec: TimerSpec): Promise<boolean> {
  if (!spec.key || spec.key.length > 300) throw new Error('timer key must be 1 to 300 characters');
  if (Number.isNaN(spec.fireAt.getTime())) throw new Error(`timer ${spec.key} has an invalid fireAt`);
  const row = await tx.one<{ armed: boolean }>(
    `INSERT INTO timers (key, fire_at, event_type, case_id, payload)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (key) DO UPDATE
        SET fire_at = EXCLUDED.fire_at,
            event_type = EXCLUDED.event_type,
            case_id = EXCLUDED.case_id,
            payload = EXCLUDED.payload,
            updated_at = now(),
            fired_at = CASE WHEN timers.fired_at IS NOT NULL AND timers.fire_at = EXCLUDED.fire_at THEN timers.fired_at END,
            fired_event_id = CASE WHEN timers.fired_at IS NOT NULL AND timers.fire_at = EXCLUDED.fire_at THEN timers.fired_event_id END
     RETURNING fired_at IS NULL AS armed`,
    [spec.key, spec.fireAt.toISOString(), spec.event.type, spec.event.caseId ?? null, JSON.stringify(spec.event.payload ?? {})],
  );
  return row?.armed ?? false;
}

/**
 * Cancels one timer by its key, or every timer whose key starts with `prefix` (a follow-up's
 * reminders: `{ prefix: 'follow_up:<id>:' }`). Returns how many were cancelled.
 */
export async function cancelTimers(tx: Tx, keyOrPrefix: string | { prefix: string }): Promise<number> {
  if (typeof keyOrPrefix === 'string') {
    return (await tx.execute(`DELETE FROM timers WHERE key = $1`, [keyOrPrefix])).affected;
  }
  if (!keyOrPrefix.prefix) throw new Error('refusing to cancel every timer: the prefix is empty');
  const pattern = keyOrPrefix.prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  return (await tx.execute(`DELETE FROM timers WHERE key LIKE $1`, [pattern])).affected;
}

/**
 * Fires the timers due at `now`: each becomes an outbox event and is marked fired, in the caller's
 * transaction. SKIP LOCKED lets several workers fire at once, and a timer being rescheduled right
 * now is simply left for the next round. Returns the keys fired.
 */
export async function fireDueTimers(tx: Tx, now: Date, limit = 100): Promise<string[]> {
  const due = await tx.query<{ key: string; fire_at: Date; event_type: string; case_id: string | null; payload: Record<string, unknown> }>(
    `SELECT key, fire_at, event_type, case_id, payload FROM timers
      WHERE fired_at IS NULL AND fire_at <= $1
      ORDER BY fire_at LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  if (due.length === 0) return [];
  // One event per timer, so that each timer row records the id of exactly its own event.
  const eventIds: string[] = [];
  for (const t of due) {
    const [id] = await writeOutboxEvents(tx, [
      { type: t.event_type, caseId: t.case_id, payload: t.payload, occurredAt: new Date(t.fire_at) },
    ]);
    eventIds.push(id);
  }
  await tx.query(
    `UPDATE timers t SET fired_at = $1, fired_event_id = f.event_id
       FROM unnest($2::text[], $3::uuid[]) AS f(key, event_id)
      WHERE t.key = f.key`,
    [now.toISOString(), due.map((t) => t.key), eventIds],
  );
  return due.map((t) => t.key);
}
