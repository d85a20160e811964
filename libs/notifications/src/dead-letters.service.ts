import { Inject, Injectable } from '@nestjs/common';
import { Db, decodeCursor, notFound, OUTBOX_CHANNEL, toPage, type Page } from '@oneroof/platform';
import { isUuid } from './routing';

/** An event that exhausted its retries or has no route. Ids only: the payload is not shown. */
export interface DeadLetter {
  id: string;
  type: string;
  caseId: string | null;
  occurredAt: Date;
  /** null once sent round again. */
  deadAt: Date | null;
  failures: number;
  lastError: string | null;
}

interface DeadLetterRow {
  id: string;
  seq: string;
  type: string;
  case_id: string | null;
  occurred_at: Date;
  dead_at: Date | null;
  failures: number;
  last_error: string | null;
}

const toDeadLetter = (row: DeadLetterRow): DeadLetter => ({
  id: row.id,
  type: row.type,
  caseId: row.case_id,
  occurredAt: row.occurred_at,
  deadAt: row.dead_at,
  failures: row.failures,
  lastError: row.last_error,
});

/**
 * The dead-letter state, kept in Postgres where the events are: admins list it and send an event
 * round again. Retrying touches only Postgres (the relay picks the row up on NOTIFY), so this
 * works while Redis is away.
 */
@Injectable()
export class DeadLettersService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async list(limit: number, cursor?: string): Promise<Page<DeadLetter>> {
    const after = decodeCursor(cursor, 'dead-letters', { seq: 'seq' });
    const rows = await this.db.query<DeadLetterRow>(
      `SELECT id, seq, type, case_id, occurred_at, dead_at, failures, last_error FROM outbox_events
        WHERE dead_at IS NOT NULL AND ($1::bigint IS NULL OR seq < $1::bigint)
        ORDER BY seq DESC LIMIT $2`,
      [after?.seq ?? null, limit + 1],
    );
    return toPage(rows, limit, toDeadLetter, (row) => ({ seq: String(row.seq) }), 'dead-letters');
  }

  async retry(id: string): Promise<DeadLetter> {
    if (!isUuid(id)) throw notFound('dead letter');
    return this.db.transaction(async (tx) => {
      const row = await tx.one<DeadLetterRow>(
        `UPDATE outbox_events SET dead_at = NULL, relayed_at = NULL, failures = 0
          WHERE id = $1 AND dead_at IS NOT NULL
          RETURNING id, seq, type, case_id, occurred_at, dead_at, failures, last_error`,
        [id],
      );
      if (!row) throw notFound('dead letter');
      await tx.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
      return toDeadLetter(row);
    });
  }
}
