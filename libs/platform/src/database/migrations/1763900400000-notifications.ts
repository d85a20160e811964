import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queued notifications (design.md §5): the outbox learns where each event is on its way, the inbox
 * holds one notification per event and recipient, and timers say "at T, raise E unless cancelled".
 *
 * An event is done when its notifications are in Postgres (processed_at), not when it was handed to
 * Redis (relayed_at): Redis here keeps nothing across a restart, so the relay hands over again what
 * was relayed long ago and is still not processed, and the unique (event_id, recipient_id) makes a
 * second run change nothing.
 */
export class Notifications1763900400000 implements MigrationInterface {
  name = 'Notifications1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_events
        ADD COLUMN relayed_at timestamptz,
        ADD COLUMN relay_count integer NOT NULL DEFAULT 0,
        ADD COLUMN processed_at timestamptz,
        ADD COLUMN failures integer NOT NULL DEFAULT 0,
        ADD COLUMN last_error text,
        ADD COLUMN dead_at timestamptz`);
    // What the relay scans and what /metrics counts: the events still on their way, oldest first.
    await q.query(`CREATE INDEX outbox_events_pending_idx ON outbox_events (seq) WHERE processed_at IS NULL AND dead_at IS NULL`);
    // What the relay hands to Redis next: never relayed yet, in commit order.
    await q.query(
      `CREATE INDEX outbox_events_unrelayed_idx ON outbox_events (seq) WHERE relayed_at IS NULL AND processed_at IS NULL AND dead_at IS NULL`,
    );
    await q.query(`CREATE INDEX outbox_events_dead_idx ON outbox_events (dead_at DESC, seq DESC) WHERE dead_at IS NOT NULL`);

    // No personal details by construction: a title made from the event kind and the case reference.
    // No foreign key to outbox_events, so that the outbox can be pruned without touching the inbox.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        event_id uuid NOT NULL,
        recipient_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        case_id uuid,
        case_reference text CHECK (case_reference ~ '^MDC-[0-9]{4}-[0-9]{6}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT notifications_event_recipient_key UNIQUE (event_id, recipient_id)
      )`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (recipient_id, seq DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_id, seq DESC) WHERE read_at IS NULL`);

    // Durable "at fire_at, raise this event unless cancelled". Rescheduling is an upsert on key,
    // cancelling a delete, both in the caller's transaction; the worker fires due rows with SKIP LOCKED.
    await q.query(`
      CREATE TABLE timers (
        key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
        fire_at timestamptz NOT NULL,
        event_type text NOT NULL,
        case_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        fired_at timestamptz,
        fired_event_id uuid
      )`);
    await q.query(`CREATE INDEX timers_due_idx ON timers (fire_at) WHERE fired_at IS NULL`);
    await q.query(`CREATE INDEX timers_key_prefix_idx ON timers (key text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE timers`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP INDEX outbox_events_dead_idx`);
    await q.query(`DROP INDEX outbox_events_unrelayed_idx`);
    await q.query(`DROP INDEX outbox_events_pending_idx`);
    await q.query(`
      ALTER TABLE outbox_events
        DROP COLUMN dead_at, DROP COLUMN last_error, DROP COLUMN failures,
        DROP COLUMN processed_at, DROP COLUMN relay_count, DROP COLUMN relayed_at`);
  }
}
