import type { Actor } from '../domain';

/** design.md §9: a role in MFA_REQUIRED_ROLES and no confirmed second factor: enrolment only. */
export function mustEnrol(actor: Pick<Actor, 'roles' | 'mfaEnrolled'>, requiredRoles: readonly string[]): boolean {
  return actor.mfaEnrolled !== true && actor.roles.some((role) => requiredRoles.includes(role));
}

/**
 * design.md §9 step-up: a user without a second factor is not asked (there is nothing to ask with);
 * one with a factor must have proved it within the last `minutes`. Session times are Postgres' real
 * time, so this compares with real time too, not the domain clock.
 */
export function stepUpFresh(actor: Pick<Actor, 'mfaEnrolled' | 'secondFactorAt'>, minutes: number, now: Date): boolean {
  if (actor.mfaEnrolled !== true) return true;
  const at = actor.secondFactorAt;
  return at != null && now.getTime() - at.getTime() <= minutes * 60_000;
}
