import { Inject, Injectable } from '@nestjs/common';
import { Db, Tx } from '@oneroof/platform';
import { canonicalEventSql, GENESIS_HASH, linkHash, SEAL_BATCH_SIZE, SEALER_LOCK_KEY } from './audit-chain';

export interface SealOptions {
  /** Wait for a sealer that holds the lock (verify), rather than leaving the work to it (the periodic sealer). */
  wait?: boolean;
  batchSize?: number;
}

export interface SealResult {
  sealed: number;
  /** False when another sealer held the lock and `wait` was not set. */
  ran: boolean;
}

/**
 * Appends committed, queued audit events to the hash chain in commit order (see audit-chain.ts).
 * Each batch runs in a transaction of its own on a connection of its own, even when called inside
 * a request's transaction: sealing must neither hold the sealer lock for the length of a request
 * nor seal that request's own, not yet committed, event.
 */
@Injectable()
export class AuditSealer {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Seals batch after batch until the queue holds nothing committed. */
  async sealPending(options: SealOptions = {}): Promise<SealResult> {
    const batchSize = options.batchSize ?? SEAL_BATCH_SIZE;
    let sealed = 0;
    for (;;) {
      const batch = await this.sealBatch({ ...options, batchSize });
      if (!batch.ran) return { sealed, ran: sealed > 0 };
      sealed += batch.sealed;
      if (batch.sealed < batchSize) return { sealed, ran: true };
    }
  }

  /** One transaction: lock, read up to batchSize queued events, chain them, dequeue them. */
  async sealBatch(options: SealOptions = {}): Promise<SealResult> {
    const batchSize = options.batchSize ?? SEAL_BATCH_SIZE;
    return this.ownTransaction(async (tx) => {
      if (options.wait) {
        await tx.query(`SELECT pg_advisory_xact_lock($1)`, [SEALER_LOCK_KEY]);
      } else {
        const [{ locked }] = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SEALER_LOCK_KEY]);
        if (!locked) return { sealed: 0, ran: false };
      }
      // Read committed: only events whose transaction has committed are visible here. One queued
      // by a transaction still running is sealed by a later batch, after it commits.
      const events = await tx.query<{ seq: string; id: string; at_exact: string; canonical: string }>(
        // seq and at: the queue's time prunes the lookup to the event's one month partition, one
        // queued event at a time (the LIMIT 1 keeps the lookup a parameterised one: joined
        // plainly, the planner hashed the whole trail, every month, for a batch of 5,000 queued
        // events: 0.6 s a batch at 1M events, growing with the trail).
        // at_exact: the link's copy of the time, to the microsecond (a JS Date keeps milliseconds),
        // so that the link finds its event by (seq, at) even when the time was not written from a Date.
        // canonical: canonicalEvent's text built by Postgres (canonicalEventSql, the verifier's own
        // definition), so that four columns cross to Node instead of eighteen to be parsed and
        // rebuilt; equal to canonicalEvent's (test/audit-canonical-sql.e2e-spec.ts).
        // The LIMIT on the joined rows, as before: a queued seq whose event is gone (verify reports
        // it) takes no place in the batch.
        `SELECT e.seq, e.id, e.at_exact, e.canonical
           FROM audit_seal_queue q
           CROSS JOIN LATERAL (
             SELECT e.seq::text AS seq, e.id, e.at::text AS at_exact, ${canonicalEventSql('e')} AS canonical
               FROM audit_events e WHERE e.seq = q.seq AND e.at = q.at LIMIT 1) e
          ORDER BY q.seq LIMIT $1`,
        [batchSize],
      );
      if (events.length === 0) return { sealed: 0, ran: true };
      // Qualified on purpose: a bare `ORDER BY position` would sort the text alias ('9' > '10').
      const head = await tx.one<{ position: string; hash: string }>(
        `SELECT c.position::text AS position, c.hash FROM audit_chain c ORDER BY c.position DESC LIMIT 1`,
      );
      let position = head ? BigInt(head.position) : 0n;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const positions: string[] = [];
      const seqs: string[] = [];
      const eventIds: string[] = [];
      const times: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const event of events) {
        position += 1n;
        const hash = linkHash(prevHash, event.canonical);
        positions.push(position.toString());
        seqs.push(event.seq);
        eventIds.push(event.id);
        times.push(event.at_exact);
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await tx.query(
        // The link carries its event's time: it lives in the same month partition as its event.
        `INSERT INTO audit_chain (position, seq, event_id, prev_hash, hash, at)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])`,
        [positions, seqs, eventIds, prevHashes, hashes, times],
      );
      await tx.query(`DELETE FROM audit_seal_queue WHERE seq = ANY($1::bigint[])`, [seqs]);
      return { sealed: events.length, ran: true };
    });
  }

  private async ownTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        const result = await fn(new Tx(runner));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}
