import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@oneroof/platform';
import type { Actor, Role } from '../domain';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';

const unauthenticated = () => new DomainError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');

/** Global: every route is private unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = Actor>(error: unknown, user: T | false): T {
    if (error || !user) throw unauthenticated();
    return user;
  }
}

/** Global, after authentication: routes that name roles refuse everyone else with 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (!actor) throw unauthenticated();
    if (!roles.some((role) => actor.roles.includes(role))) {
      throw new DomainError('forbidden', 'ROLE_REQUIRED', `This action needs the role ${roles.join(' or ')}.`);
    }
    return true;
  }
}
