import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Db, domainErrorOf, Tx, type AppConfig } from '@oneroof/platform';
import { AUDIT_EVENT_COLUMN_NAMES, chainHash, chainHashSql, GENESIS_HASH, type AuditEventRow } from './audit-chain';
import { checkpointSignatureHolds, signCheckpoint, signingKeyId, type AuditCheckpoint } from './audit-checkpoints';
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
  /** Checkpoints read per query. */
  batchSize?: number;
  /** A checkpoint the caller kept outside the database (the worker's log line), checked like a stored one. */
  checkpoint?: AuditCheckpoint;
  /** From the first link, even when a verified checkpoint would let it start later (?full=true). */
  full?: boolean;
}

export interface VerifyRun extends VerifyResult {
  /** The first position recomputed ("1" for a full run). */
  fromPosition: string;
  /** From the genesis link: asked for, or no verified checkpoint to start at. */
  full: boolean;
}

export type AuditVerifyErrorCode = 'VERIFY_RUNNING';
export const AuditVerifyError = domainErrorOf<AuditVerifyErrorCode>();

/** pg_try_advisory_xact_lock key of a verification: one at a time across every process. */
export const VERIFIER_LOCK_KEY = 7513_0002;

/**
 * A verification's scans are single statements over the whole range being proven: at 10M links
 * and the rates measured on a loaded 2-core machine (85k–200k links/s) that is up to two minutes,
 * beyond the pool's 30 s statement_timeout meant for requests. Still bounded, so that a scan that
 * went wrong does not hold two cores for ever.
 */
const SCAN_STATEMENT_TIMEOUT = '15min';

/** Checkpoints read a batch (the links are scanned in SQL, not fetched). */
export const VERIFY_BATCH_SIZE = 20_000;

type CheckpointRow = {
  id: string;
  kind: string;
  position: string;
  hash: string;
  at: Date;
  signature: string;
  chain_hash: string | null;
  event_id: string | null;
};

type ChainRow = {
  position: string;
  chain_event_id: string | null;
  prev_hash: string;
  hash: string;
  chain_seq: string;
  event_seq: string | null;
} & Omit<AuditEventRow, 'seq'>;

/**
 * A link of `c` (audit_chain) LEFT JOIN `e` (audit_events) that does not hold as SQL sees it: its
 * event is gone, the event at its (seq, at) is another than it recorded, or its hash does not
 * recompute from its own prev_hash and the event.
 */
const SUSPECT_LINK = `(e.seq IS NULL OR (c.event_id IS NOT NULL AND c.event_id <> e.id) OR c.hash <> ${chainHashSql('c.prev_hash', 'e')})`;

type Failure = (
  reason: VerifyFailure,
  brokenId: string | null,
  lastCheckpoint?: CheckpointView | null,
  brokenCheckpoint?: CheckpointView | null,
) => VerifyRun;

/**
 * Recomputes the hash chain (design.md §4 GET /api/audit/verify, §11) where the rows are: Postgres
 * rebuilds each link's canonical text and hash (chainHashSql) and compares, so that what crosses
 * to Node is a few aggregates, not the trail (streaming 1M rows to Node for hashing ran at about
 * 26k links/s, most of it pg's parsing of 22 columns a row; bench/RESULTS.md "Verification at
 * speed"). Two statements on two connections at once: the links against their events (a parallel,
 * month-by-month join), and the chain's order (positions, prev_hash against the hash before). A
 * link SQL suspects is recomputed with canonicalEvent before it is called broken, so the result is
 * Node's definition's, as before. Those two scans read committed links on connections of their
 * own (the sealer's links are committed before they are read); the rest of the queries, and the
 * signed 'verified' checkpoint, join the caller's transaction when there is one (the audit event
 * of the verification itself).
 *
 * Incremental by default (design.md §11): a verification that finds the chain valid signs a
 * 'verified' checkpoint at the head it reached, and the next one starts from the newest such
 * checkpoint: its signature must hold and the chain must still have its hash at its position; then
 * only the links after it are recomputed, from that hash. What lies before was proven by the
 * verification that signed it (and, by induction, by those before). So a change to a row before the
 * checkpoint that leaves the chain alone is found by `full` (which recomputes from the genesis link),
 * while a rewrite of the chain is found either way, by the checkpoints after the start (and by the
 * starting checkpoint itself). The worker's 'sealed' checkpoints at or after the start, and the
 * caller's, are checked as in a full run.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditSealer) private readonly sealer: AuditSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerifyRun> {
    const batchSize = options.batchSize ?? VERIFY_BATCH_SIZE;
    // One verification at a time: each holds two connections beside its caller's for seconds, with
    // parallel workers on every core, so a few at once could take the pool from every other request.
    // Held to the end of the caller's transaction (AuditOversight's, with the verification's event).
    const [lock] = await this.db.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [VERIFIER_LOCK_KEY]);
    if (!lock.locked) {
      throw new AuditVerifyError(
        'conflict',
        'VERIFY_RUNNING',
        'Another verification of the audit trail is running: try again when it has finished.',
      );
    }
    // Everything committed so far is then in the chain; what is still queued was committed after.
    await this.sealer.sealPending({ wait: true });

    let checked = 0;
    let firstBrokenId: string | null = null;
    let broken = false;
    let startPosition = 1n;
    let prevHash = GENESIS_HASH;
    let full = true;
    let startCheckpoint: CheckpointView | null = null;
    const failed =
      (fromPosition: bigint, isFull: boolean): Failure =>
      (reason, brokenId, lastCheckpoint = null, brokenCheckpoint = null) => ({
        valid: false,
        checked,
        firstBrokenId: brokenId,
        reason,
        lastCheckpoint,
        brokenCheckpoint,
        fromPosition: fromPosition.toString(),
        full: isFull,
      });

    if (!options.full) {
      const [start] = await this.db.query<CheckpointRow>(
        `SELECT k.id::text AS id, k.kind, k.position::text AS position, k.hash, k.at, k.signature,
                (SELECT c.hash FROM audit_chain c WHERE c.position = k.position ORDER BY c.at LIMIT 1) AS chain_hash,
                (SELECT c.event_id FROM audit_chain c WHERE c.position = k.position ORDER BY c.at LIMIT 1) AS event_id
           FROM audit_checkpoints k WHERE k.kind = 'verified' ORDER BY k.position DESC LIMIT 1`,
      );
      if (start) {
        const view: CheckpointView = { position: start.position, hash: start.hash, at: start.at, source: 'stored' };
        const fail = failed(BigInt(start.position) + 1n, false);
        if (!checkpointSignatureHolds(this.config.auditSigningKey, start)) return fail('signature_invalid', start.event_id, null, view);
        if (start.chain_hash === null) return fail('truncated', null, null, view);
        if (start.chain_hash !== start.hash) return fail('signature_invalid', start.event_id, null, view);
        full = false;
        startCheckpoint = view;
        startPosition = BigInt(start.position) + 1n;
        prevHash = start.hash;
      }
    }
    const fromPosition = startPosition;
    const fail = failed(fromPosition, full);

    // The links to check are those up to the head as it is now: the sealer appends in batches, each
    // committed whole and in position order under its lock, so every link up to a visible head is
    // committed, and the two scans below (on two connections, each its own snapshot) see the same set.
    const [top] = await this.db.query<{ position: string; hash: string }>(
      `SELECT c.position::text AS position, c.hash FROM audit_chain c ORDER BY c.position DESC LIMIT 1`,
    );
    let lowestSeq: bigint | null = null;
    let head = fromPosition - 1n;
    let headHash = prevHash;
    if (top && BigInt(top.position) >= fromPosition) {
      const upTo = BigInt(top.position);
      // Both cores: the links' recomputation (a parallel query) beside the linkage's ordered scan.
      const [links, linkage] = await Promise.all([this.scanLinks(fromPosition, upTo), this.scanLinkage(fromPosition, upTo, prevHash)]);
      checked = Number(links.checked);
      lowestSeq = links.lowestSeq === null ? null : BigInt(links.lowestSeq);
      head = upTo;
      headHash = top.hash;
      const linkageBreak = linkage === null ? null : BigInt(linkage);
      const linkBreak = await this.confirmedLinkBreak(
        links.firstSuspect === null ? null : BigInt(links.firstSuspect),
        linkageBreak ?? upTo,
      );
      const firstBreak = linkBreak !== null && (linkageBreak === null || linkBreak < linkageBreak) ? linkBreak : linkageBreak;
      if (firstBreak !== null) {
        broken = true;
        firstBrokenId = await this.eventIdAt(firstBreak);
      }
    }
    if (broken) return fail('hash_mismatch', firstBrokenId);

    // An event that is neither chained nor queued was written around AuditWriter (or its chain
    // link was removed); a queued seq without its event is an event deleted before sealing. A full
    // run looks at every event; an incremental one at those from the lowest seq it chained or
    // found queued on (an event written since the checkpoint draws a higher seq from the sequence).
    const [queued] = await this.db.query<{ lowest: string | null }>(`SELECT min(seq)::text AS lowest FROM audit_seal_queue`);
    if (queued.lowest !== null && (lowestSeq === null || BigInt(queued.lowest) < lowestSeq)) lowestSeq = BigInt(queued.lowest);
    const from = full ? null : (lowestSeq ?? 1n << 62n).toString();
    // Month by month as well (an anti-join of each month's events with its links): over every
    // month at once it took 0.9 s of a full run at 1M events, 0.5 s this way.
    const unsealed = await this.db.separateTransaction(async (tx) => {
      await this.planForScan(tx);
      return tx.query<{ id: string }>(
        `SELECT e.id FROM audit_events e
         WHERE ($1::bigint IS NULL OR e.seq >= $1::bigint)
           AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = e.seq AND c.at = e.at)
           AND NOT EXISTS (SELECT 1 FROM audit_seal_queue q WHERE q.seq = e.seq)
         ORDER BY e.seq LIMIT 1`,
        [from],
      );
    });
    if (unsealed.length > 0) return fail('unchained_event', unsealed[0].id);
    const dangling = await this.db.query(
      `SELECT 1 FROM audit_seal_queue q WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = q.seq AND e.at = q.at) LIMIT 1`,
    );
    if (dangling.length > 0) return fail('unchained_event', null);

    // The chain agrees with itself from the start to its head; now with what was signed: every
    // checkpoint in a full run, those at or after the start in an incremental one.
    let lastCheckpoint: CheckpointView | null = startCheckpoint;
    const consider = (checkpoint: CheckpointView & { signature: string; chainHash: string | null; eventId: string | null }) => {
      const view: CheckpointView = { position: checkpoint.position, hash: checkpoint.hash, at: checkpoint.at, source: checkpoint.source };
      if (!checkpointSignatureHolds(this.config.auditSigningKey, checkpoint))
        return fail('signature_invalid', checkpoint.eventId, lastCheckpoint, view);
      if (BigInt(checkpoint.position) > head) return fail('truncated', null, lastCheckpoint, view);
      if (checkpoint.chainHash !== checkpoint.hash) return fail('signature_invalid', checkpoint.eventId, lastCheckpoint, view);
      if (!lastCheckpoint || BigInt(view.position) >= BigInt(lastCheckpoint.position)) lastCheckpoint = view;
      return null;
    };
    const since = full ? '0' : (fromPosition - 1n).toString();
    let afterId = '0';
    for (;;) {
      const rows = await this.db.query<CheckpointRow>(
        `SELECT k.id::text AS id, k.kind, k.position::text AS position, k.hash, k.at, k.signature,
                (SELECT c.hash FROM audit_chain c WHERE c.position = k.position ORDER BY c.at LIMIT 1) AS chain_hash,
                (SELECT c.event_id FROM audit_chain c WHERE c.position = k.position ORDER BY c.at LIMIT 1) AS event_id
         FROM audit_checkpoints k
         WHERE k.id > $1 AND k.position >= $2 ORDER BY k.id LIMIT $3`,
        [afterId, since, batchSize],
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
    // Valid up to head: sign that, for the next verification to start from.
    if (head > 0n && (startCheckpoint === null || BigInt(startCheckpoint.position) < head)) {
      // Not lastCheckpoint: that names what the chain was found to hold to, not what this run signs.
      await this.recordVerified(head.toString(), headHash);
    }
    return {
      valid: true,
      checked,
      firstBrokenId: null,
      reason: null,
      lastCheckpoint,
      brokenCheckpoint: null,
      fromPosition: fromPosition.toString(),
      full,
    };
  }

  /** In the caller's transaction when there is one: a verification whose own audit event fails signs nothing. */
  private async recordVerified(position: string, hash: string): Promise<void> {
    const key = this.config.auditSigningKey;
    await this.db.query(
      `INSERT INTO audit_checkpoints (kind, position, hash, at, key_id, signature) VALUES ('verified', $1, $2, now(), $3, $4)`,
      [position, hash, signingKeyId(key), signCheckpoint(key, position, hash)],
    );
  }

  /**
   * Every link in [from, upTo] recomputed in Postgres from its event and its own prev_hash
   * (chainHashSql: canonicalEvent's text, sha256), month by month: chain and events are partitioned
   * alike on `at`, so each month's links meet their events in one hash join (partitionwise), and
   * the months are shared among parallel workers, instead of a lookup per link. Returns how many
   * links there are, their lowest seq, and the first link that does not hold in SQL (its event is
   * gone or is another, or its hash differs): a suspect, which confirmedLinkBreak judges in Node.
   */
  private scanLinks(from: bigint, upTo: bigint): Promise<{ checked: string; lowestSeq: string | null; firstSuspect: string | null }> {
    return this.db.separateTransaction(async (tx) => {
      await this.planForScan(tx);
      const [row] = await tx.query<{ checked: string; lowestSeq: string | null; firstSuspect: string | null }>(
        `SELECT count(*)::text AS "checked", min(c.seq)::text AS "lowestSeq",
                min(c.position) FILTER (WHERE ${SUSPECT_LINK})::text AS "firstSuspect"
           FROM audit_chain c LEFT JOIN audit_events e ON e.seq = c.seq AND e.at = c.at
          WHERE c.position BETWEEN $1 AND $2`,
        [from.toString(), upTo.toString()],
      );
      return row;
    });
  }

  /**
   * The chain's own order in [from, upTo]: positions contiguous from `from`, and each link's
   * prev_hash the stored hash of the link before it (the first one's: `startHash`). The first
   * position where either fails, or null. Reads only audit_chain, in position order (each month's
   * primary key, merged).
   */
  private async scanLinkage(from: bigint, upTo: bigint, startHash: string): Promise<string | null> {
    return this.db.separateTransaction(async (tx) => {
      await tx.query(`SET LOCAL jit = off`);
      await tx.query(`SET LOCAL statement_timeout = '${SCAN_STATEMENT_TIMEOUT}'`);
      const [row] = await tx.query<{ firstBreak: string | null }>(
        `SELECT min(l.position)::text AS "firstBreak"
           FROM (SELECT c.position, c.prev_hash,
                        lag(c.position, 1, $1::bigint - 1) OVER w AS before_position,
                        lag(c.hash, 1, $3::text) OVER w AS before_hash
                   FROM audit_chain c WHERE c.position BETWEEN $1 AND $2
                 WINDOW w AS (ORDER BY c.position)) l
          WHERE l.position <> l.before_position + 1 OR l.prev_hash <> l.before_hash`,
        [from.toString(), upTo.toString(), startHash],
      );
      return row.firstBreak;
    });
  }

  /**
   * The links sealed before session 4 were hashed over canonicalEvent's text (Node), later ones
   * over canonicalEventSql's; the two are equal for every value tested, but a link SQL suspects is
   * recomputed here with canonicalEvent before it is called broken (e.g. a year past 9999, which
   * JS writes as +YYYYYY and SQL as YYYYY). If Node finds it holds, the next suspect before
   * `before` is looked for. A link SQL finds holding has a stored hash equal to the sha256 of its
   * event's canonical text as SQL builds it now: it holds.
   */
  private async confirmedLinkBreak(suspect: bigint | null, before: bigint): Promise<bigint | null> {
    let position = suspect;
    while (position !== null && position <= before) {
      if (await this.linkBrokenInNode(position)) return position;
      const after = position;
      const [next] = await this.db.separateTransaction(async (tx) => {
        await this.planForScan(tx);
        return tx.query<{ position: string | null }>(
          `SELECT min(c.position)::text AS position
             FROM audit_chain c LEFT JOIN audit_events e ON e.seq = c.seq AND e.at = c.at
            WHERE c.position > $1 AND c.position <= $2 AND ${SUSPECT_LINK}`,
          [after.toString(), before.toString()],
        );
      });
      position = next.position === null ? null : BigInt(next.position);
    }
    return null;
  }

  /** One link against its event, as the sealer computed it (its own prev_hash; the linkage is scanLinkage's). */
  private async linkBrokenInNode(position: bigint): Promise<boolean> {
    return (await this.linksAt(position)).some((row) => this.rowBroken(row));
  }

  /** The link(s) at a position with their events: one, unless a link was inserted beside it. */
  private linksAt(position: bigint): Promise<ChainRow[]> {
    const eventColumns = AUDIT_EVENT_COLUMN_NAMES.filter((c) => c !== 'seq')
      .map((c) => `e.${c}`)
      .join(', ');
    return this.db.query<ChainRow>(
      `SELECT c.position::text AS position, c.event_id AS chain_event_id, c.prev_hash, c.hash, c.seq::text AS chain_seq,
              e.seq::text AS event_seq, ${eventColumns}
         FROM audit_chain c LEFT JOIN audit_events e ON e.seq = c.seq AND e.at = c.at
        WHERE c.position = $1 ORDER BY c.at, c.seq`,
      [position.toString()],
    );
  }

  /**
   * A link's row against its event in Node. A row canonicalEvent cannot even write (a time of
   * 'infinity', a year JS dates cannot hold), which AuditWriter never stores, is broken, not a 500.
   */
  private rowBroken(row: ChainRow): boolean {
    if (row.event_seq === null || (row.chain_event_id !== null && row.chain_event_id !== row.id)) return true;
    try {
      return chainHash(row.prev_hash, { ...row, seq: row.event_seq }) !== row.hash;
    } catch {
      return true;
    }
  }

  /**
   * The event a broken link names: its event's id, or the id the link recorded when the event is
   * gone. Where a position is held twice (a link inserted beside the real one), the row that does
   * not hold is named, not the genuine event beside it.
   */
  private async eventIdAt(position: bigint): Promise<string | null> {
    const rows = await this.linksAt(position);
    const named = rows.find((row) => this.rowBroken(row)) ?? rows[0];
    return named ? (named.id ?? named.chain_event_id) : null;
  }

  /**
   * The scan's plan: each month's links joined to that month's events (partitionwise: off by
   * default in Postgres for its planning cost, which one statement over a dozen months does not
   * feel), and no JIT (compiling the expressions costs more than it saves on a scan of this kind).
   */
  private async planForScan(tx: Tx): Promise<void> {
    await tx.query(`SET LOCAL enable_partitionwise_join = on`);
    await tx.query(`SET LOCAL jit = off`);
    await tx.query(`SET LOCAL statement_timeout = '${SCAN_STATEMENT_TIMEOUT}'`);
  }
}
