import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditWriter, claimedPurpose, STANDING_PURPOSE } from '@oneroof/audit';
import { APP_CONFIG, type AppConfig } from '@oneroof/platform';

import type { Actor, Role } from '../domain';
import { analystDecision, isAnalyst } from './analyst-policy';
import { ALLOWED_BEFORE_ENROLMENT, IS_PUBLIC, REQUIRED_ROLES, STEP_UP, type StepUpCondition } from './decorators';
import { mustEnrol, stepUpFresh } from './second-factor-policy';
import { AccessTokenVerifier, bearerTokenOf } from './access-token-verifier';
import { IdentityError } from '../identity-errors';

const unauthenticated = () => new IdentityError('unauthenticated', 'UNAUTHENTICATED', 'A valid access token is required.');

/**
 * The bearer token of a request as its actor (AccessTokenVerifier: signature, claims, and the user
 * and session reloaded on every request), set as `request.user`; 401 for anything else. Passport
 * and passport-jwt did the same in more steps (issue 11's profile).
 */
export async function authenticateBearer(
  verifier: AccessTokenVerifier,
  request: { headers: Record<string, string | string[] | undefined>; user?: Actor },
): Promise<true> {
  const token = bearerTokenOf(request.headers.authorization);
  const actor = token ? await verifier.verify(token) : null;
  if (!actor) throw unauthenticated();
  request.user = actor;
  return true;
}

/** Global: every route is private unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokenVerifier) private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return authenticateBearer(this.verifier, context.switchToHttp().getRequest());
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      query?: unknown;
    }>();
    const actor = request.user;
    if (!actor) throw unauthenticated();
    const beforeEnrolment = this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_ENROLMENT, [context.getHandler(), context.getClass()]);
    if (!beforeEnrolment && mustEnrol(actor, this.config.mfaRequiredRoles)) {
      await this.recordDenial(actor, request);
      throw new IdentityError(
        'forbidden',
        'MFA_ENROLMENT_REQUIRED',
        'Your role needs a second factor: set up an authenticator app first (POST /api/me/mfa/totp).',
      );
    }
    if (isAnalyst(actor) && analystDecision(request.routeOptions?.url ?? '', roles) === 'forbid') {
      await this.recordDenial(actor, request);
      throw new IdentityError('forbidden', 'FIGURES_ONLY', 'An analyst sees figures only (design.md §8).');
    }
    if (roles && roles.length > 0 && !roles.some((role) => actor.roles.includes(role))) {
      await this.recordDenial(actor, request);
      throw new IdentityError('forbidden', 'ROLE_REQUIRED', `This action needs the role ${roles.join(' or ')}.`);
    }
    const stepUp = this.reflector.getAllAndOverride<StepUpCondition | undefined>(STEP_UP, [context.getHandler(), context.getClass()]);
    if (stepUp && stepUp(request) && !stepUpFresh(actor, this.config.stepUpMinutes, new Date())) {
      await this.recordDenial(actor, request);
      throw new IdentityError(
        'unauthenticated',
        'STEP_UP_REQUIRED',
        `Confirm it is you: type a code from your authenticator app (POST /api/auth/step-up); it holds for ${this.config.stepUpMinutes} minutes.`,
      );
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
