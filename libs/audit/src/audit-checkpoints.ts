import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, Db, type AppConfig } from '@oneroof/platform';
import { SEALER_LOCK_KEY } from './audit-chain';
import { AuditSealer } from './audit-sealer';

/**
 * Signed checkpoints (design.md §11, issue 15 finding 4). The chain alone proves only that its
 * links agree with each other: someone who can write the tables can change a row and recompute
 * every later link with chainHash, or cut the tail off, and the chain still agrees. A checkpoint
 * signs "the chain had hash H at position P" with AUDIT_SIGNING_KEY, which the database does not
 * hold in production. So:
 * - a rewrite leaves some checkpoint whose signed hash the chain no longer has (signature_invalid),
 *   and a checkpoint changed to match fails its signature (signature_invalid too);
 * - a cut tail falls short of a checkpoint: of the table, or (when the table was cut as well) of one
 *   kept outside the database. The worker writes each checkpoint to the log as one structured line
 *   whose `checkpoint` field is what GET /api/audit/verify?checkpoint= takes back (truncated).
 *
 * The signature covers position and hash, which is all the token in the log carries; `at` is the
 * time of writing, for people (the log line has its own time).
 */
export interface AuditCheckpoint {
  position: string;
  hash: string;
  at: Date | null;
  signature: string;
}

export type CheckpointKind = 'sealed' | 'verified';

const SIGNED_PREFIX = 'oneroof.audit.checkpoint.v1';
const TOKEN_PATTERN = /^([1-9][0-9]{0,18}):([0-9a-f]{64}):([0-9a-f]{64})$/;

export function signCheckpoint(key: string, position: string, hash: string): string {
  // Never sign with an empty key (an HMAC would still come out): PlatformModule fills it in.
  if (key.length < 32) throw new Error('AUDIT_SIGNING_KEY is missing or shorter than 32 characters');
  return createHmac('sha256', key).update(`${SIGNED_PREFIX}|${position}|${hash}`, 'utf8').digest('hex');
}

export function checkpointSignatureHolds(key: string, checkpoint: Pick<AuditCheckpoint, 'position' | 'hash' | 'signature'>): boolean {
  if (key.length < 32) return false;
  const expected = Buffer.from(signCheckpoint(key, checkpoint.position, checkpoint.hash), 'hex');
  const given = Buffer.from(checkpoint.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Names the key without revealing it, so that a checkpoint says which key signed it (rotation). */
export function signingKeyId(key: string): string {
  return createHmac('sha256', key).update(`${SIGNED_PREFIX}|key-id`, 'utf8').digest('hex').slice(0, 16);
}

/** `<position>:<hash>:<signature>`: what the log line carries and verify takes back. */
export function checkpointToken(checkpoint: Pick<AuditCheckpoint, 'position' | 'hash' | 'signature'>): string {
  return `${checkpoint.position}:${checkpoint.hash}:${checkpoint.signature}`;
}

/** Null for anything that is not a checkpoint token. */
export function parseCheckpointToken(token: string): AuditCheckpoint | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { position: match[1], hash: match[2], signature: match[3], at: null } : null;
}

@Injectable()
export class AuditCheckpoints {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditSealer) private readonly sealer: AuditSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Seals what is committed, then signs the chain's head, under the sealer's lock so that the head
   * is not moving. Returns null when there is no chain yet or the head has a checkpoint already.
   */
  async record(kind: CheckpointKind = 'sealed'): Promise<AuditCheckpoint | null> {
    await this.sealer.sealPending({ wait: true });
    return this.db.separateTransaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [SEALER_LOCK_KEY]);
      const head = await tx.one<{ position: string; hash: string }>(
        `SELECT c.position::text AS position, c.hash FROM audit_chain c ORDER BY c.position DESC LIMIT 1`,
      );
      if (!head) return null;
      const last = await tx.one<{ position: string }>(
        `SELECT k.position::text AS position FROM audit_checkpoints k WHERE k.kind = $1 ORDER BY k.position DESC LIMIT 1`,
        [kind],
      );
      if (last?.position === head.position) return null;
      const key = this.config.auditSigningKey;
      const checkpoint: AuditCheckpoint = { ...head, at: this.clock.now(), signature: signCheckpoint(key, head.position, head.hash) };
      await tx.query(`INSERT INTO audit_checkpoints (kind, position, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [
        kind,
        checkpoint.position,
        checkpoint.hash,
        checkpoint.at,
        signingKeyId(key),
        checkpoint.signature,
      ]);
      return checkpoint;
    });
  }
}
