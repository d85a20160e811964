import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@oneroof/platform';
import { AUDIT_EVENT_COLUMN_NAMES, chainHash, GENESIS_HASH, type AuditEventRow } from './audit-chain';
import { AuditSealer } from './audit-sealer';

export interface VerifyResult {
  valid: boolean;
  /** How many chain positions were recomputed. */
  checked: number;
  /** The audit event id of the first break; null when valid (or when the break names no event). */
  firstBrokenId: string | null;
}

export const VERIFY_BATCH_SIZE = 5000;

type ChainRow = { position: string; chain_event_id: string | null; prev_hash: string; hash: string; event_seq: string | null } & Omit<
  AuditEventRow,
  'seq'
>;

/**
 * Recomputes the hash chain (design.md §4 GET /api/audit/verify). Streams the chain by position in
 * keyset batches, so a trail of millions of events is never in memory at once. Its own queries join
 * the caller's transaction when there is one (the audit event of the verification itself).
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditSealer) private readonly sealer: AuditSealer,
  ) {}

  async verify(batchSize = VERIFY_BATCH_SIZE): Promise<VerifyResult> {
    // Everything committed so far is then in the chain; what is still queued was committed after.
    await this.sealer.sealPending({ wait: true });

    let checked = 0;
    let firstBrokenId: string | null = null;
    let broken = false;
    let expectedPosition = 1n;
    let prevHash = GENESIS_HASH;
    const eventColumns = AUDIT_EVENT_COLUMN_NAMES.filter((c) => c !== 'seq')
      .map((c) => `e.${c}`)
      .join(', ');
    for (;;) {
      const rows = await this.db.query<ChainRow>(
        `SELECT c.position::text AS position, c.event_id AS chain_event_id, c.prev_hash, c.hash, e.seq::text AS event_seq, ${eventColumns}
         FROM audit_chain c LEFT JOIN audit_events e ON e.seq = c.seq
         WHERE c.position >= $1 ORDER BY c.position LIMIT $2`,
        [expectedPosition.toString(), batchSize],
      );
      for (const row of rows) {
        checked += 1;
        if (!broken && !this.linkHolds(row, expectedPosition, prevHash)) {
          broken = true;
          firstBrokenId = row.id ?? row.chain_event_id;
        }
        // The next link must name this row's stored hash, tampered or not: one change breaks one link.
        prevHash = row.hash;
        expectedPosition = BigInt(row.position) + 1n;
      }
      if (rows.length < batchSize) break;
    }
    if (broken) return { valid: false, checked, firstBrokenId };

    // An event that is neither chained nor queued was written around AuditWriter (or its chain
    // link was removed); a queued seq without its event is an event deleted before sealing.
    const unsealed = await this.db.query<{ id: string }>(
      `SELECT e.id FROM audit_events e
       WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = e.seq)
         AND NOT EXISTS (SELECT 1 FROM audit_seal_queue q WHERE q.seq = e.seq)
       ORDER BY e.seq LIMIT 1`,
    );
    if (unsealed.length > 0) return { valid: false, checked, firstBrokenId: unsealed[0].id };
    const dangling = await this.db.query(
      `SELECT 1 FROM audit_seal_queue q WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = q.seq) LIMIT 1`,
    );
    if (dangling.length > 0) return { valid: false, checked, firstBrokenId: null };
    return { valid: true, checked, firstBrokenId: null };
  }

  private linkHolds(row: ChainRow, expectedPosition: bigint, prevHash: string): boolean {
    if (BigInt(row.position) !== expectedPosition) return false; // a link was removed before this one
    if (row.prev_hash !== prevHash) return false;
    if (row.event_seq === null) return false; // the event row is gone
    if (row.chain_event_id !== null && row.chain_event_id !== row.id) return false;
    return chainHash(prevHash, { ...row, seq: row.event_seq }) === row.hash;
  }
}
