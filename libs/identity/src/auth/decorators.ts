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
