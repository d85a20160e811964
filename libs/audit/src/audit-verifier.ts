import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Db, type AppConfig } from '@oneroof/platform';
import { AUDIT_EVENT_COLUMN_NAMES, chainHash, GENESIS_HASH, type AuditEventRow } from './audit-chain';
import { checkpointSignatureHolds, type AuditCheckpoint } from './audit-checkpoints';
import { AuditSealer } from './audit-sealer';

/**
 * Why a verification failed, first failure first:
 * - hash_mismatch: a link does not recompute from its event and the link before it (a changed or
 *   removed row, a removed link);
 * - unchained_event: an event that is neither chained nor queued, or a queued event that is gone;
 * - signature_invalid: a checkpoint whose signature does not hold, or whose signed hash the chain
 *   no longer has at its position (the chain was recomputed after a change);
 * - truncated: the chain ends before a checkpoint's position (its tail was cut off).
 */
export type VerifyFailure = 'hash_mismatch' | 'unchained_event' | 'signature_invalid' | 'truncated';

export interface CheckpointView {
  position: string;
  hash: string;
  at: Date | null;
  /** stored: in audit_checkpoints; given: the caller's, kept from the log. */
  source: 'stored' | 'given';
}

export interface VerifyResult {
  valid: boolean;
  /** How many chain positions were recomputed. */
  checked: number;
  /** The audit event id of the first break; null when valid (or when the break names no event). */
  firstBrokenId: string | null;
  reason: VerifyFailure | null;
  /** The newest checkpoint the chain was found to hold to: the trail is proven up to there. */
  lastCheckpoint: CheckpointView | null;
  /** The checkpoint that failed (signature_invalid, truncated); null otherwise. */
  brokenCheckpoint: CheckpointView | null;
}

export interface VerifyOptions {
  batchSize?: number;
  /** A checkpoint the caller kept outside the database (the worker's log line), checked like a stored one. */
  checkpoint?: AuditCheckpoint;
}

export const VERIFY_BATCH_SIZE = 5000;

type CheckpointRow = {
  id: string;
  position: string;
  hash: string;
  at: Date;
  signature: string;
  chain_hash: string | null;
  event_id: string | null;
};

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Exact: the whole chain from the genesis link, then every checkpoint (and the caller's) against it. */
  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const batchSize = options.batchSize ?? VERIFY_BATCH_SIZE;
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
    const failed = (
      reason: VerifyFailure,
      brokenId: string | null,
      lastCheckpoint: CheckpointView | null = null,
      brokenCheckpoint: CheckpointView | null = null,
    ) => ({ valid: false, checked, firstBrokenId: brokenId, reason, lastCheckpoint, brokenCheckpoint }) satisfies VerifyResult;
    if (broken) return failed('hash_mismatch', firstBrokenId);

    // An event that is neither chained nor queued was written around AuditWriter (or its chain
    // link was removed); a queued seq without its event is an event deleted before sealing.
    const unsealed = await this.db.query<{ id: string }>(
      `SELECT e.id FROM audit_events e
       WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = e.seq)
         AND NOT EXISTS (SELECT 1 FROM audit_seal_queue q WHERE q.seq = e.seq)
       ORDER BY e.seq LIMIT 1`,
    );
    if (unsealed.length > 0) return failed('unchained_event', unsealed[0].id);
    const dangling = await this.db.query(
      `SELECT 1 FROM audit_seal_queue q WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = q.seq) LIMIT 1`,
    );
    if (dangling.length > 0) return failed('unchained_event', null);

    // The chain agrees with itself from 1 to its head; now with what was signed.
    const head = expectedPosition - 1n;
    let lastCheckpoint: CheckpointView | null = null;
    const consider = (checkpoint: CheckpointView & { signature: string; chainHash: string | null; eventId: string | null }) => {
      const view: CheckpointView = { position: checkpoint.position, hash: checkpoint.hash, at: checkpoint.at, source: checkpoint.source };
      if (!checkpointSignatureHolds(this.config.auditSigningKey, checkpoint))
        return failed('signature_invalid', checkpoint.eventId, lastCheckpoint, view);
      if (BigInt(checkpoint.position) > head) return failed('truncated', null, lastCheckpoint, view);
      if (checkpoint.chainHash !== checkpoint.hash) return failed('signature_invalid', checkpoint.eventId, lastCheckpoint, view);
      if (!lastCheckpoint || BigInt(view.position) >= BigInt(lastCheckpoint.position)) lastCheckpoint = view;
      return null;
    };
    let afterId = '0';
    for (;;) {
      const rows = await this.db.query<CheckpointRow>(
        `SELECT k.id::text AS id, k.position::text AS position, k.hash, k.at, k.signature, c.hash AS chain_hash, c.event_id
         FROM audit_checkpoints k LEFT JOIN audit_chain c ON c.position = k.position
         WHERE k.id > $1 ORDER BY k.id LIMIT $2`,
        [afterId, batchSize],
      );
      for (const row of rows) {
        const failure = consider({ ...row, source: 'stored', chainHash: row.chain_hash, eventId: row.event_id });
        if (failure) return failure;
        afterId = row.id;
      }
      if (rows.length < batchSize) break;
    }
    if (options.checkpoint) {
      const given = options.checkpoint;
      const link = await this.db.query<{ hash: string; event_id: string | null }>(
        `SELECT hash, event_id FROM audit_chain WHERE position = $1`,
        [given.position],
      );
      const failure = consider({
        ...given,
        at: null,
        source: 'given',
        chainHash: link[0]?.hash ?? null,
        eventId: link[0]?.event_id ?? null,
      });
      if (failure) return failure;
    }
    return { valid: true, checked, firstBrokenId: null, reason: null, lastCheckpoint, brokenCheckpoint: null };
  }

  private linkHolds(row: ChainRow, expectedPosition: bigint, prevHash: string): boolean {
    if (BigInt(row.position) !== expectedPosition) return false; // a link was removed before this one
    if (row.prev_hash !== prevHash) return false;
    if (row.event_seq === null) return false; // the event row is gone
    if (row.chain_event_id !== null && row.chain_event_id !== row.id) return false;
    return chainHash(prevHash, { ...row, seq: row.event_seq }) === row.hash;
  }
}
