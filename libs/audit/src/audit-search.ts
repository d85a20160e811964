import { Inject, Injectable } from '@nestjs/common';
import { Db, decodeCursor, DEFAULT_LIMIT, MAX_LIMIT, toPage, type Page } from '@oneroof/platform';
import { auditEventColumns, type AuditEventRow } from './audit-chain';
import type { AuditEvent, AuditOutcome, AuditPurpose } from './audit-event';

/** Every filter narrows (AND). Callers validate; this layer only trusts the types. */
export interface AuditSearchFilter {
  /** Events of this case and reads across cases that returned it (case_ids). */
  caseId?: string;
  actorId?: string;
  /** Events whose personIds contain this person. */
  personId?: string;
  action?: string;
  /** Inclusive bounds on `at`. */
  from?: Date;
  to?: Date;
}

/**
 * design.md §2 audit event as JSON: the one mapping from a stored event to what clients see. Beside
 * the ids the chain keeps, the names a coordinator reads (issue 9): the actor's name and the name of
 * the organisation the actor acted for, as the directory has them now (null when there is no actor).
 */
export type AuditEventView = Omit<AuditEvent, 'at'> & { at: string; actorName: string | null; actorOrganisationName: string | null };

/** The names joined to an event; not part of the event, so not part of its hash. */
export interface AuditActorNames {
  actorName: string | null;
  actorOrganisationName: string | null;
}

type SearchRow = AuditEventRow & { at_cursor: string; actor_name: string | null; actor_organisation_name: string | null };

export const toAuditEvent = (row: AuditEventRow): AuditEvent => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  actorDiscipline: row.actor_discipline,
  actorOrganisationId: row.actor_organisation_id,
  onBehalfOfId: row.on_behalf_of_id,
  action: row.action,
  resourceType: row.resource_type,
  resourceId: row.resource_id,
  caseId: row.case_id,
  personIds: row.person_ids ?? [],
  outcome: row.outcome as AuditOutcome,
  purpose: row.purpose as AuditPurpose,
  requestId: row.request_id,
  ip: row.ip,
  userAgent: row.user_agent,
  caseIds: row.case_ids ?? [],
});

export const toAuditEventView = (event: AuditEvent, names: AuditActorNames): AuditEventView => {
  const { actorId, actorDiscipline, actorOrganisationId, ...rest } = event;
  return {
    ...rest,
    at: event.at.toISOString(),
    actorId,
    actorName: names.actorName,
    actorDiscipline,
    actorOrganisationId,
    actorOrganisationName: names.actorOrganisationName,
  };
};

/**
 * Audit search, newest first (at DESC, seq DESC), keyset-paginated so that page 1000 costs what
 * page 1 costs. Each filter leads to one of the indexes of the audit migration: case, actor and
 * action to their (x, at DESC, seq DESC) btrees, person to the GIN index on person_ids, time alone
 * to (at DESC, seq DESC). Queries join the caller's transaction, so that a caller records its own
 * audit event of the search in the same transaction (design.md §3).
 */
@Injectable()
export class AuditSearch {
  constructor(@Inject(Db) private readonly db: Db) {}

  async search(filter: AuditSearchFilter, limit: number = DEFAULT_LIMIT, cursor?: string): Promise<Page<AuditEventView>> {
    const { sql, params, limit: take } = buildAuditSearch(filter, limit, cursor);
    // Over months of partitions the planner prices the statement above jit_above_cost and compiles
    // it first: about 140 ms of JIT for a search that runs in about 1 ms at 10M events (EXPLAIN
    // ANALYZE, bench "Audit at scale"). For the caller's transaction only, as the review roster does.
    if (this.db.inTransaction()) await this.db.query(`SET LOCAL jit = off`);
    const rows = await this.db.query<SearchRow>(sql, params);
    return toPage(
      rows,
      take,
      (row) => toAuditEventView(toAuditEvent(row), { actorName: row.actor_name, actorOrganisationName: row.actor_organisation_name }),
      (row) => ({ at: row.at_cursor, seq: row.seq }),
      'audit-events',
    );
  }
}

/** The SQL AuditSearch runs; exported for the benchmark, which must measure exactly this. */
export function buildAuditSearch(
  filter: AuditSearchFilter,
  limit: number = DEFAULT_LIMIT,
  cursor?: string,
): { sql: string; params: unknown[]; limit: number } {
  const take = Math.min(Math.max(Math.trunc(limit) || DEFAULT_LIMIT, 1), MAX_LIMIT);
  const after = decodeCursor(cursor, 'audit-events', { at: 'time', seq: 'seq' });
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  let caseId: string | undefined;
  if (filter.caseId !== undefined) caseId = param(filter.caseId);
  if (filter.actorId !== undefined) where.push(`e.actor_id = ${param(filter.actorId)}::uuid`);
  if (filter.personId !== undefined) where.push(`e.person_ids @> ARRAY[${param(filter.personId)}::uuid]`);
  if (filter.action !== undefined) where.push(`e.action = ${param(filter.action)}`);
  if (filter.from !== undefined) where.push(`e.at >= ${param(filter.from)}::timestamptz`);
  if (filter.to !== undefined) where.push(`e.at <= ${param(filter.to)}::timestamptz`);
  if (after) {
    where.push(`(e.at, e.seq) < (${param(after.at)}::timestamptz, ${param(after.seq)}::bigint)`);
  }
  const limitParam = param(take + 1);
  const columns = `${auditEventColumns('e')},
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_cursor`;
  const branch = (conditions: string[]) => `SELECT ${columns}
      FROM audit_events e
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY e.at DESC, e.seq DESC
      LIMIT ${limitParam}`;
  // The lists that returned a case are found through the GIN index on case_ids, all of them, and
  // only then ordered (OFFSET 0 keeps the planner from walking the (at, seq) index in order instead,
  // hoping to meet a page of matches early). Left to choose, it walked the whole log for a case no
  // list had returned: 5.5 s at 10M events, when case_ids were still empty everywhere and so had no
  // statistics to say how rare a match is. Their number is bounded by how often lists showed the case.
  const listedBranch = (conditions: string[]) => `SELECT hits.* FROM (
        SELECT ${columns}
        FROM audit_events e
        WHERE ${conditions.join(' AND ')}
        OFFSET 0) hits
      ORDER BY hits.at DESC, hits.seq::bigint DESC
      LIMIT ${limitParam}`;
  // A case's events are its own (case_id) and those of the lists that returned it (case_ids). As
  // one OR, the planner walked every month's (at, seq) index filtering row by row (1.5 s at 10M
  // events, bench "Audit at scale"); as two branches each takes its own index for one page, and the
  // page is the newest of both.
  const chosen =
    caseId === undefined
      ? branch(where)
      : `SELECT u.* FROM (
        (${branch([`e.case_id = ${caseId}::uuid`, ...where])})
        UNION ALL
        (${listedBranch([`e.case_ids @> ARRAY[${caseId}::uuid]`, `e.case_id IS DISTINCT FROM ${caseId}::uuid`, ...where])})
      ) u
      ORDER BY u.at DESC, u.seq::bigint DESC
      LIMIT ${limitParam}`;
  // The page is chosen first, on the indexes alone; only its rows are then joined to the directory
  // for the actor's name and organisation (one statement, not a query per row).
  const sql = `SELECT page.*, actor.name AS actor_name, organisation.name AS actor_organisation_name
    FROM (
      ${chosen}
    ) page
    LEFT JOIN users actor ON actor.id = page.actor_id
    LEFT JOIN organisations organisation ON organisation.id = page.actor_organisation_id
    ORDER BY page.at DESC, page.seq::bigint DESC`;
  return { sql, params, limit: take };
}
