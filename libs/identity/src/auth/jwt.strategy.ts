import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, Db, type AppConfig } from '@oneroof/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor, Discipline, Role } from '../domain';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens';

const CLOCK_TOLERANCE_SECONDS = 5;

interface TokenPayload {
  sub?: string;
  iat?: number;
  exp?: number;
}

/**
 * jsonwebtoken checks exp only when a token has one, and never how far off it lies: a token signed
 * without exp, or with a far exp or a future iat, would outlive deactivation's intent and any
 * rotation. Only what TokenService issues passes: exp present, at most the TTL after an iat not in
 * the future.
 */
function hasSaneLifetime(payload: TokenPayload, nowSeconds: number): boolean {
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
 * Verifies signature (HS256 only: `none` and every other algorithm are refused), expiry, issuer and
 * audience, then loads the user on every request so that deactivation takes effect at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Db) private readonly db: Db,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
    });
  }

  async validate(payload: TokenPayload): Promise<Actor | false> {
    if (typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return false;
    // Real time, like jsonwebtoken's own exp check (the injected Clock is the domain's time).
    if (!hasSaneLifetime(payload, Math.floor(Date.now() / 1000))) return false;
    const rows = await this.db.query<{ id: string; discipline: Discipline; roles: Role[]; organisation_id: string }>(
      `SELECT id, discipline, roles, organisation_id FROM users WHERE id = $1 AND active`,
      [payload.sub],
    );
    const row = rows[0];
    if (!row) return false;
    return { id: row.id, discipline: row.discipline, roles: row.roles, organisationId: row.organisation_id };
  }
}
