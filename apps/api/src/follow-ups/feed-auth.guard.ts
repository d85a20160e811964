import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { FeedTokensService } from '@oneroof/follow-ups';
import { IdentityError, type Actor } from '@oneroof/identity';

const unauthenticated = () => new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token or feed token is required.');

/**
 * The calendar feed is @Public() for the global guard and authenticates here instead: with the
 * feed token in `?token=` when one is given, otherwise with the bearer token exactly as every other
 * route does (the same passport strategy). Neither: 401.
 */
@Injectable()
export class FeedAuthGuard extends AuthGuard('jwt') {
  constructor(@Inject(FeedTokensService) private readonly feedTokens: FeedTokensService) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown>; user?: Actor }>();
    const token = request.query?.token;
    if (token !== undefined) {
      const actor = await this.feedTokens.authenticate(typeof token === 'string' ? token : undefined);
      if (!actor) throw unauthenticated();
      request.user = actor;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T = Actor>(error: unknown, user: T | false): T {
    if (error || !user) throw unauthenticated();
    return user;
  }
}
