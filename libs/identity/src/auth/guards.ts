import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuditWriter, claimedPurpose, STANDING_PURPOSE } from '@oneroof/audit';

import type { Actor, Role } from '../domain';
import { analystDecision, isAnalyst } from './analyst-policy';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { IdentityError } from '../identity-errors';

const unauthenticated = () => new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');

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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global, after authentication: routes that name roles refuse everyone else with 403. Every refusal
 * is a denied attempt and goes on record (design.md §3), naming the case or person the URL names.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{
      user?: Actor;
      method: string;
      params?: Record<string, string>;
      routeOptions?: { url?: string };
    }>();
    const actor = request.user;
    if (!actor) throw unauthenticated();
    if (isAnalyst(actor) && analystDecision(request.routeOptions?.url ?? '', roles) === 'forbid') {
      await this.recordDenial(actor, request);
      throw new IdentityError('forbidden', 'FIGURES_ONLY', 'An analyst sees figures only (design.md §8).');
    }
    if (!roles || roles.length === 0) return true;
    if (!roles.some((role) => actor.roles.includes(role))) {
      await this.recordDenial(actor, request);
      throw new IdentityError('forbidden', 'ROLE_REQUIRED', `This action needs the role ${roles.join(' or ')}.`);
    }
    return true;
  }

  private async recordDenial(
    actor: Actor,
    request: { method: string; params?: Record<string, string>; routeOptions?: { url?: string } },
  ): Promise<void> {
    const route = request.routeOptions?.url ?? '';
    const id = request.params?.id;
    const named = id !== undefined && UUID.test(id) ? id : null;
    const caseId = named && route.startsWith('/api/cases/:id') ? named : null;
    const personId = named && route.startsWith('/api/persons/:id') ? named : null;
    await this.audit.recordAlone({
      actor,
      action: 'route.denied',
      resourceType: 'route',
      resourceId: named,
      caseId,
      personIds: personId ? [personId] : [],
      outcome: 'denied',
      purpose: caseId || personId ? claimedPurpose(actor.roles.includes('coordinator')) : STANDING_PURPOSE.administration,
    });
  }
}
