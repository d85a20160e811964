import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, Db, type AppConfig } from '@oneroof/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor, Discipline, Role } from '../domain';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens';

interface TokenPayload {
  sub?: string;
  iat?: number;
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
      jsonWebTokenOptions: { clockTolerance: 5 },
    });
  }

  async validate(payload: TokenPayload): Promise<Actor | false> {
    if (typeof payload.sub !== 'string' || typeof payload.iat !== 'number' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return false;
    const rows = await this.db.query<{ id: string; discipline: Discipline; roles: Role[]; organisation_id: string }>(
      `SELECT id, discipline, roles, organisation_id FROM users WHERE id = $1 AND active`,
      [payload.sub],
    );
    const row = rows[0];
    if (!row) return false;
    return { id: row.id, discipline: row.discipline, roles: row.roles, organisationId: row.organisation_id };
  }
}
