import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '../domain';

export const IS_PUBLIC = 'oneroof:public';
export const REQUIRED_ROLES = 'oneroof:roles';

/** Marks a route that needs no token (login, health, metrics, docs). Everything else is private. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles, or gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller, as the JWT strategy loaded it. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ user: Actor }>();
  return request.user;
});

export const ALLOWED_BEFORE_ENROLMENT = 'oneroof:allowed-before-enrolment';
export const STEP_UP = 'oneroof:step-up';

/**
 * design.md §9: a user whose role requires a second factor and who has none yet may use only the
 * routes marked so (`/api/me` and the enrolment routes); everything else answers 403
 * `mfa_enrolment_required`.
 */
export const AllowedBeforeEnrolment = () => SetMetadata(ALLOWED_BEFORE_ENROLMENT, true);

/** When a step-up applies to a route: always, or only for some requests (a CSV export of a JSON route). */
export type StepUpCondition = (request: { query?: unknown }) => boolean;

/**
 * design.md §9 step-up: for a user who has a second factor, the route needs one proved within the
 * last STEP_UP_MINUTES, or answers 401 `step_up_required`.
 */
export const RequiresStepUp = (when: StepUpCondition = () => true) => SetMetadata(STEP_UP, when);

/** The step-up condition of the CSV exports: `?format=csv`. */
export const whenCsv: StepUpCondition = (request) => (request.query as { format?: unknown } | undefined)?.format === 'csv';
