import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../domain';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens';
import { ACCESS_TOKEN_VERIFY_OPTIONS, AccessTokenVerifier, type AccessTokenPayload } from './access-token-verifier';

/** Passport's bearer strategy over the one token verifier (access-token-verifier.ts). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier) {
    const { clockTolerance, algorithms } = ACCESS_TOKEN_VERIFY_OPTIONS;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      // passport-jwt's types say string | Buffer, but it hands the key to jsonwebtoken, which takes a KeyObject.
      secretOrKey: verifier.key as unknown as Buffer,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance },
    });
  }

  async validate(payload: AccessTokenPayload): Promise<Actor | false> {
    return (await this.verifier.actorFor(payload)) ?? false;
  }
}
