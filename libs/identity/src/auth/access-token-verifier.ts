import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Db, type AppConfig } from '@oneroof/platform';
import type { Actor, Discipline, Role } from '../domain';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens';

const CLOCK_TOLERANCE_SECONDS = 5;

/** design.md §4: HS256 only (`none` and every other algorithm refused), expiry, issuer and audience. */
export const ACCESS_TOKEN_VERIFY_OPTIONS = {
  algorithms: [TOKEN_ALGORITHM] as ['HS256'],
  issuer: TOKEN_ISSUER,
  audience: TOKEN_AUDIENCE,
  clockTolerance: CLOCK_TOLERANCE_SECONDS,
};

export interface AccessTokenPayload {
  sub?: unknown;
  sid?: unknown;
  iat?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iss?: unknown;
  aud?: unknown;
}

/**
 * RFC 7515 §4.1.11: `crit` lists extensions the recipient must understand and process; we
 * implement none, so a token carrying one (even an empty list) is refused rather than read without
 * them.
 */
export function headerAcceptable(header: object): boolean {
  return !('crit' in header);
}

/** The credentials of an `Authorization: Bearer <token>` header, read as passport-jwt read it before (scheme in any case). */
export function bearerTokenOf(authorization: unknown): string | null {
  if (typeof authorization !== 'string') return null;
  const parts = /(\S+)\s+(\S+)/.exec(authorization);
  return parts && parts[1].toLowerCase() === 'bearer' ? parts[2] : null;
}

/** Three base64url parts, the signature not empty (an unsigned token is never ours). */
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

function jsonObjectOf(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * A valid exp says nothing of how far off it lies: a token signed
 * without exp, or with a far exp or a future iat, would outlive deactivation's intent and any
 * rotation. Only what TokenService issues passes: exp present, at most the TTL after an iat not in
 * the future.
 */
function hasSaneLifetime(payload: AccessTokenPayload, nowSeconds: number): boolean {
  const { iat, exp } = payload;
  return (
    typeof iat === 'number' &&
    typeof exp === 'number' &&
    iat <= nowSeconds + CLOCK_TOLERANCE_SECONDS &&
    exp > iat &&
    exp - iat <= ACCESS_TOKEN_TTL_SECONDS
  );
}

/**
 * The one place an access token becomes an actor: used by the global guard for every route and by
 * the routes that authenticate outside Nest's guards (the queue dashboard). The user is loaded on
 * every request, so deactivation takes effect at once.
 */
@Injectable()
export class AccessTokenVerifier {
  /** The secret as a KeyObject, made once. */
  readonly key: KeyObject;

  private readonly idleMinutes: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Db) private readonly db: Db,
  ) {
    this.idleMinutes = config.sessionIdleMinutes;
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /** Signature and claims, then the payload's actor; null for anything that does not check out. */
  async verify(token: string): Promise<Actor | null> {
    const payload = this.verifiedPayload(token);
    return payload ? this.actorFor(payload) : null;
  }

  /**
   * The compact JWS checked by hand, as jsonwebtoken checked it (the auth-tokens e2e matrix holds
   * every case): the header names HS256 and no `crit`; the signature is the HMAC-SHA256 of the
   * first two parts, compared as text in constant time; then iss, aud, nbf and exp with the clock
   * tolerance. jsonwebtoken and passport-jwt around it took about a tenth of the API's time per
   * request under the read load (issue 11's profile), decoding the token twice; this is one HMAC and
   * two JSON.parse.
   */
  verifiedPayload(token: string): AccessTokenPayload | null {
    const parts = COMPACT_JWS.exec(token);
    if (!parts) return null;
    const [, head, body, signature] = parts;
    const header = jsonObjectOf(head);
    if (!header || header.alg !== TOKEN_ALGORITHM || !headerAcceptable(header)) return null;
    const expected = Buffer.from(createHmac('sha256', this.key).update(`${head}.${body}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const payload = jsonObjectOf(body) as AccessTokenPayload | null;
    if (!payload) return null;
    const now = Math.floor(Date.now() / 1000);
    if (payload.iss !== TOKEN_ISSUER) return null;
    const audiences: unknown[] = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.includes(TOKEN_AUDIENCE)) return null;
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now + CLOCK_TOLERANCE_SECONDS)) return null;
    if (typeof payload.exp !== 'number' || now >= payload.exp + CLOCK_TOLERANCE_SECONDS) return null;
    return payload;
  }

  /** For a payload whose signature and claims were verified already. */
  async actorFor(payload: AccessTokenPayload): Promise<Actor | null> {
    if (typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return null;
    if (typeof payload.sid !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sid)) return null;
    // Real time, like the exp check of verifiedPayload (the injected Clock is the domain's time).
    if (!hasSaneLifetime(payload, Math.floor(Date.now() / 1000))) return null;
    // design.md §9, in the one statement that reloads the user (no extra round trip): the token's
    // session must be live (not ended, not past its absolute end, not idle), and it is marked seen.
    // The mark is written at most every 15 seconds, so that a busy page does not write per request.
    const rows = await this.db.query<{
      id: string;
      discipline: Discipline;
      roles: Role[];
      organisation_id: string;
      second_factor_at: Date | null;
      mfa_enrolled: boolean;
    }>(
      `WITH live AS (
         SELECT s.id, s.last_seen_at, s.second_factor_at FROM sessions s
         WHERE s.id = $2 AND s.user_id = $1 AND s.ended_at IS NULL AND s.expires_at > now()
           AND s.last_seen_at > now() - make_interval(mins => $3::int)
       ), seen AS (
         UPDATE sessions SET last_seen_at = now()
         WHERE id = (SELECT id FROM live WHERE last_seen_at < now() - interval '15 seconds')
         RETURNING id
       )
       SELECT u.id, u.discipline, u.roles, u.organisation_id, (SELECT second_factor_at FROM live) AS second_factor_at,
              EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS mfa_enrolled
       FROM users u
       WHERE u.id = $1 AND u.active AND EXISTS (SELECT 1 FROM live)`,
      [payload.sub, payload.sid, this.idleMinutes],
      { prepare: true },
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          discipline: row.discipline,
          roles: row.roles,
          organisationId: row.organisation_id,
          sessionId: payload.sid,
          mfaEnrolled: row.mfa_enrolled,
          secondFactorAt: row.second_factor_at,
        }
      : null;
  }
}
