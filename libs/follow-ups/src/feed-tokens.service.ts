import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor, Discipline, Role } from '@oneroof/identity';
import { Clock, Db } from '@oneroof/platform';

const TOKEN_PREFIX = 'orf_';
const TOKEN_PATTERN = /^orf_[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The calendar feed's own credential (design.md §4): calendar apps cannot send a bearer token, so
 * the feed URL carries one in `?token=`. One per user; rotating replaces it, so the old one stops
 * working at once. Only its SHA-256 is stored: 256 random bits need no slow hash.
 */
@Injectable()
export class FeedTokensService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  /** Creates or replaces the caller's feed token; the token itself is returned this once only. */
  async rotate(actor: Actor): Promise<{ token: string; createdAt: Date }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO follow_up_feed_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
        [actor.id, hashOf(token), createdAt],
      );
      await this.audit.record(tx, {
        actor,
        action: 'feed_token.rotate',
        resourceType: 'feed_token',
        resourceId: actor.id,
        outcome: 'success',
        purpose: STANDING_PURPOSE.administration,
      });
    });
    return { token, createdAt };
  }

  /** The active user a feed token belongs to, or null (unknown, rotated away, or deactivated). */
  async authenticate(token: string | undefined): Promise<Actor | null> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const rows = await this.db.query<{ id: string; discipline: Discipline; roles: Role[]; organisation_id: string }>(
      `SELECT u.id, u.discipline, u.roles, u.organisation_id FROM follow_up_feed_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND u.active`,
      [hashOf(token)],
    );
    const row = rows[0];
    return row ? { id: row.id, discipline: row.discipline, roles: row.roles, organisationId: row.organisation_id } : null;
  }
}
