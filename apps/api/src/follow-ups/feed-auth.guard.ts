import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { FeedTokensService } from '@oneroof/follow-ups';
import { AccessTokenVerifier, authenticateBearer, IdentityError, type Actor } from '@oneroof/identity';

const unauthenticated = () => new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token or feed token is required.');

/**
 * The calendar feed is @Public() for the global guard and authenticates here instead: with the
 * feed token in `?token=` when one is given, otherwise with the bearer token exactly as every other
 * route does (authenticateBearer). Neither: 401.
 */
@Injectable()
export class FeedAuthGuard implements CanActivate {
  constructor(
    @Inject(FeedTokensService) private readonly feedTokens: FeedTokensService,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ query?: Record<string, unknown>; headers: Record<string, string | string[] | undefined>; user?: Actor }>();
    const token = request.query?.token;
    if (token !== undefined) {
      const actor = await this.feedTokens.authenticate(typeof token === 'string' ? token : undefined);
      if (!actor) throw unauthenticated();
      request.user = actor;
      return true;
    }
    try {
      return await authenticateBearer(this.verifier, request);
    } catch {
      throw unauthenticated();
    }
  }
}
