import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@oneroof/platform';

/** design.md §4: HS256 only, with issuer and audience that every check insists on. */
export const TOKEN_ALGORITHM = 'HS256' as const;
export const TOKEN_ISSUER = 'oneroof';
export const TOKEN_AUDIENCE = 'oneroof-api';
/** design.md §9: 15 minutes; the session behind it (`sid`) is what lasts, and it is checked per request. */
export const ACCESS_TOKEN_TTL_SECONDS = 900;

@Injectable()
export class TokenService {
  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(userId: string, sessionId: string): { accessToken: string; expiresIn: number } {
    const accessToken = this.jwt.sign(
      { sid: sessionId },
      {
        subject: userId,
        secret: this.config.jwtSecret,
        algorithm: TOKEN_ALGORITHM,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      },
    );
    return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }
}
