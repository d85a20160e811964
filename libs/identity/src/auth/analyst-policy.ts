import type { Actor, Role } from '../domain';

/**
 * design.md §8: an `analyst` (regional policy staff) sees figures and nothing else. The role stands
 * alone (users.service refuses it beside another role, and so does the database), so an analyst is
 * never on a team, never the receiver of a handover and never holds emergency access (which needs
 * `professional`): to the CaseGate an analyst is an outsider like any other.
 *
 * What an analyst gets on a route, decided once here for the RolesGuard, not per controller:
 * - `allow`: the route names `analyst` among its roles (monitoring), or it is about the analyst's own
 *   account (who am I, my notifications, my sessions, signing in and out);
 * - `gate`: the route names one case, person, handover, follow-up or emergency grant by id: it goes
 *   on to the CaseGate, which answers 404 as for any outsider (design.md §3: a case one may not see
 *   does not exist, so the answer must be the very same as for an id never issued);
 * - `forbid`: everything else, role-gated or not (case lists, handover lists, my follow-ups, the
 *   audit, admin): 403.
 */
export type AnalystDecision = 'allow' | 'gate' | 'forbid';

export const isAnalyst = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('analyst');

const CASE_SCOPED = /^\/api\/(cases|persons|handovers|follow-ups|emergency-access|conferences)\/:[A-Za-z]+(\/|$)/;
const OWN_ACCOUNT = /^\/api\/(me|me\/notifications(\/.*)?|me\/sessions(\/.*)?|auth\/.*)$/;

export function analystDecision(routeUrl: string, requiredRoles: readonly Role[] | undefined): AnalystDecision {
  if (requiredRoles && requiredRoles.length > 0) return requiredRoles.includes('analyst') ? 'allow' : 'forbid';
  const url = routeUrl.replace(/\/+$/, '');
  if (OWN_ACCOUNT.test(url)) return 'allow';
  if (CASE_SCOPED.test(url)) return 'gate';
  return 'forbid';
}

/** The analyst role stands alone: figures only, never case work or administration beside it. */
export const rolesProblem = (roles: readonly Role[]): string | null =>
  roles.includes('analyst') && roles.length > 1 ? 'roles: analyst cannot be combined with another role' : null;
