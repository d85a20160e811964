import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Db, type AppConfig } from '@oneroof/platform';
import { decode, verify, type VerifyOptions } from 'jsonwebtoken';
import type { Actor } from '../domain';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens';
import { liveActorRow } from '../identity-repository';

const CLOCK_TOLERANCE_SECONDS = 5;

/** design.md §4: HS256 only (`none` and every other algorithm refused), expiry, issuer and audience. */
export const ACCESS_TOKEN_VERIFY_OPTIONS: VerifyOptions & { algorithms: ['HS256'] } = {
  algorithms: [TOKEN_ALGORITHM],
  issuer: TOKEN_ISSUER,
  audience: TOKEN_AUDIENCE,
  clockTolerance: CLOCK_TOLERANCE_SECONDS,
};

export interface AccessTokenPayload {
  sub?: unknown;
  sid?: unknown;
  iat?: unknown;
  exp?: unknown;
}

/**
 * RFC 7515 §4.1.11: `crit` lists extensions the recipient must understand and process; we
 * implement none, so a token carrying one (even an empty list) is refused rather than read without
 * them. jsonwebtoken does not look at crit.
 */
export function headerAcceptable(header: object): boolean {
  return !('crit' in header);
}

/** For a token whose signature was verified already (passport-jwt verifies before validate). */
export function tokenHeaderAcceptable(token: string | null): boolean {
  const decoded = token ? decode(token, { complete: true }) : null;
  return decoded !== null && headerAcceptable(decoded.header);
}

/**
 * jsonwebtoken checks exp only when a token has one, and never how far off it lies: a token signed
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
 * The one place an access token becomes an actor: used by the passport strategy for every route and
 * by the routes that authenticate outside Nest's guards (the queue dashboard). The user is loaded on
 * every request, so deactivation takes effect at once.
 */
@Injectable()
export class AccessTokenVerifier {
  /**
   * A KeyObject, not the secret's text: given a string, jsonwebtoken first tries to parse it as a
   * public key on every verification, which cost about a seventh of the API's CPU under load.
   */
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
    let payload: AccessTokenPayload;
    try {
      const verified = verify(token, this.key, { ...ACCESS_TOKEN_VERIFY_OPTIONS, complete: true });
      if (!headerAcceptable(verified.header)) return null;
      payload = verified.payload as AccessTokenPayload;
    } catch {
      return null;
    }
    return this.actorFor(payload);
  }

  /** For a payload whose signature and claims were verified already. */
  async actorFor(payload: AccessTokenPayload): Promise<Actor | null> {
    if (typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return null;
    if (typeof payload.sid !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sid)) return null;
    // Real time, like jsonwebtoken's own exp check (the injected Clock is the domain's time).
    if (!hasSaneLifetime(payload, Math.floor(Date.now() / 1000))) return null;
    // design.md §9, in the one statement that reloads the user (no extra round trip): the token's
    // session must be live (not ended, not past its absolute end, not idle), and it is marked seen.
    // The mark is written at most every 15 seconds, so that a busy page does not write per request.
    const row = await liveActorRow(this.db, payload.sub, payload.sid, this.idleMinutes);
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
