import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../domain';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens';
import { ACCESS_TOKEN_VERIFY_OPTIONS, AccessTokenVerifier, tokenHeaderAcceptable, type AccessTokenPayload } from './access-token-verifier';

const bearerOf = ExtractJwt.fromAuthHeaderAsBearerToken();

/** Passport's bearer strategy over the one token verifier (access-token-verifier.ts). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier) {
    const { clockTolerance, algorithms } = ACCESS_TOKEN_VERIFY_OPTIONS;
    super({
      jwtFromRequest: bearerOf,
      // validate sees the request, for the header checks jsonwebtoken does not make (crit).
      passReqToCallback: true,
      algorithms,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      // passport-jwt's types say string | Buffer, but it hands the key to jsonwebtoken, which takes a KeyObject.
      secretOrKey: verifier.key as unknown as Buffer,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance },
    });
  }

  async validate(request: Parameters<typeof bearerOf>[0], payload: AccessTokenPayload): Promise<Actor | false> {
    if (!tokenHeaderAcceptable(bearerOf(request))) return false;
    return (await this.verifier.actorFor(payload)) ?? false;
  }
}
