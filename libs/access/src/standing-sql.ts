/**
 * The two facts every access question and many use cases ask of the database, each said once as a
 * SQL fragment: is this membership current, is this handover open. Every context's SQL uses these
 * (libs/access sits below them all), so that the rule cannot drift between copies.
 */

/** Open handover states: from proposal until acceptance, decline or withdrawal (design.md §2). */
export const OPEN_HANDOVER_STATUSES = ['proposed', 'briefed'] as const;

const qualified = (alias: string | undefined, column: string) => (alias ? `${alias}.${column}` : column);

/** `h.status IN ('proposed','briefed')`: the handover (alias, or the bare table) is open. */
export const openHandoverSql = (alias?: string): string =>
  `${qualified(alias, 'status')} IN (${OPEN_HANDOVER_STATUSES.map((status) => `'${status}'`).join(',')})`;

/**
 * `m.until IS NULL`: the membership is current (it has not ended). Bare, it is also the predicate
 * of the partial unique index of current memberships that an INSERT … ON CONFLICT names.
 */
export const currentMembershipSql = (alias?: string): string => `${qualified(alias, 'until')} IS NULL`;
