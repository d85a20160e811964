import { Inject, Injectable } from '@nestjs/common';
import { Clock, Db, requestContext, type Tx } from '@oneroof/platform';
import type { AuditEntry } from './audit-event';

/**
 * Writes one audit event inside the caller's transaction: if the event cannot be written, the work
 * it records fails with it (design.md §3). The row is also queued for sealing into the hash chain,
 * in the same statement, so that the chain follows commit order (see audit-chain.ts); the queue entry
 * carries the event's time, which names the month partition the sealer finds the event in.
 */
@Injectable()
export class AuditWriter {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Db) private readonly db: Db,
  ) {}

  async record(tx: Tx, entry: AuditEntry): Promise<string> {
    const context = requestContext.current();
    const rows = await tx.query<{ id: string }>(
      `WITH event AS (
         INSERT INTO audit_events (at, actor_id, actor_discipline, actor_organisation_id, on_behalf_of_id, action,
           resource_type, resource_id, case_id, person_ids, outcome, purpose, request_id, ip, user_agent, case_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING id, seq, at)
       INSERT INTO audit_seal_queue (seq, at) SELECT seq, at FROM event RETURNING (SELECT id FROM event)`,
      [
        entry.at ?? this.clock.now(),
        entry.actor?.id ?? null,
        entry.actor?.discipline ?? null,
        entry.actor?.organisationId ?? null,
        entry.onBehalfOfId ?? null,
        entry.action,
        entry.resourceType,
        entry.resourceId ?? null,
        entry.caseId ?? null,
        [...new Set(entry.personIds ?? [])],
        entry.outcome,
        entry.purpose,
        context?.requestId ?? null,
        context?.ip ?? null,
        context?.userAgent?.slice(0, 512) ?? null,
        [...new Set(entry.caseIds ?? [])],
      ],
      // Every audited request runs it: planned once per connection (issue 11).
      { prepare: true },
    );
    return rows[0].id;
  }

  /**
   * For an attempt whose work was refused and rolled back (a denied read): the denial itself must
   * still be on record, so it gets a transaction of its own, separate even from an open outer one.
   */
  async recordAlone(entry: AuditEntry): Promise<string> {
    return this.db.separateTransaction((tx) => this.record(tx, entry));
  }
}
