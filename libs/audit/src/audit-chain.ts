import { createHash } from 'node:crypto';

/**
 * The hash chain over the audit trail (NEN 7513: tamper-evident), sealed in commit order.
 *
 * Why not chain at insert time: a request that computed `hash = sha256(prev + event)` while writing
 * its event would have to lock the chain head, so every audited request in the system would
 * serialise on one row, and a request that rolls back after taking the head would leave a hole.
 *
 * What happens instead:
 * - A request only INSERTs its row into audit_events and its seq into audit_seal_queue, in one
 *   statement of its own transaction (AuditWriter). No lock, no read of the head: requests never
 *   wait on each other for the audit trail.
 * - A sealer (AuditSealer; the worker runs it every second, AuditVerifier runs it before checking)
 *   takes a transaction-level advisory lock, so that one sealer at a time works across all
 *   processes, reads the *committed* rows of audit_seal_queue (ORDER BY seq, a batch of at most
 *   SEAL_BATCH_SIZE), loads their audit_events rows, computes for each
 *       hash = sha256(prev_hash + '|' + canonicalEvent(event))
 *   (the canonical text built by Postgres, canonicalEventSql, which equals canonicalEvent's)
 *   appends (position = last position + 1, seq, event_id, prev_hash, hash) to audit_chain and
 *   deletes the sealed seqs from audit_seal_queue, all in one transaction.
 * - seq comes from a sequence and is taken at INSERT, so it does not follow commit order: an event
 *   with a lower seq may commit after one with a higher seq. The sealer never sees an uncommitted
 *   row, so such a late event is simply sealed in a later batch. The chain therefore follows the
 *   order in which events became visible (commit order), not seq order, and no event is skipped.
 * - The genesis link's prev_hash is GENESIS_HASH (64 zeros).
 * - audit_events and audit_chain are append-only (triggers); audit_seal_queue is not, on purpose:
 *   it is a work list the sealer empties.
 *
 * canonicalEvent covers every column of audit_events, seq and id included, in a fixed order:
 * timestamps as ISO 8601 with milliseconds in UTC, arrays as JSON arrays, absent values as null.
 * Adding a column to audit_events means adding it here too (a test compares the two lists).
 * A column added after events were sealed goes last and is left out of the canonical form while it
 * holds its default (case_ids: while empty), so that every hash sealed before it still verifies and
 * a value written into an old event afterwards still breaks its link.
 */

export const GENESIS_HASH = '0'.repeat(64);
export const SEAL_BATCH_SIZE = 5000;
/** pg_advisory_xact_lock key of the sealer: one sealer at a time across every process. */
export const SEALER_LOCK_KEY = 7513_0001;

/** An audit_events row as the chain reads it (seq as text: bigint does not fit a JS number safely). */
export interface AuditEventRow {
  seq: string;
  id: string;
  at: Date;
  actor_id: string | null;
  actor_discipline: string | null;
  actor_organisation_id: string | null;
  on_behalf_of_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  person_ids: string[];
  outcome: string;
  purpose: string;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** The cases a read across cases returned (issue 14); empty for a single-case event. */
  case_ids: string[];
}

/** Every column of audit_events, in canonical order. */
export const AUDIT_EVENT_COLUMN_NAMES = [
  'seq',
  'id',
  'at',
  'actor_id',
  'actor_discipline',
  'actor_organisation_id',
  'on_behalf_of_id',
  'action',
  'resource_type',
  'resource_id',
  'case_id',
  'person_ids',
  'outcome',
  'purpose',
  'request_id',
  'ip',
  'user_agent',
  'case_ids',
] as const satisfies readonly (keyof AuditEventRow)[];

/** The select list that yields an AuditEventRow from audit_events aliased `alias`. */
export const auditEventColumns = (alias: string): string =>
  AUDIT_EVENT_COLUMN_NAMES.map((column) => (column === 'seq' ? `${alias}.seq::text AS seq` : `${alias}.${column}`)).join(', ');

/** The event as one JSON text with keys in canonical order; stable across processes and versions. */
export function canonicalEvent(row: AuditEventRow): string {
  const canonical: Record<string, unknown> = {};
  for (const column of AUDIT_EVENT_COLUMN_NAMES) {
    const value = row[column];
    if (column === 'at') canonical[column] = (value as Date).toISOString();
    else if (column === 'person_ids') canonical[column] = [...((value as string[] | null) ?? [])];
    else if (column === 'case_ids') {
      const caseIds = (value as string[] | null | undefined) ?? [];
      if (caseIds.length > 0) canonical[column] = [...caseIds];
    } else if (column === 'seq') canonical[column] = String(value);
    else canonical[column] = value ?? null;
  }
  return JSON.stringify(canonical);
}

export function chainHash(prevHash: string, row: AuditEventRow): string {
  return linkHash(prevHash, canonicalEvent(row));
}

/** A link's hash from the previous hash and the event's canonical text (canonicalEvent's or canonicalEventSql's). */
export function linkHash(prevHash: string, canonicalText: string): string {
  return createHash('sha256').update(`${prevHash}|${canonicalText}`, 'utf8').digest('hex');
}

/**
 * canonicalEvent as a SQL expression over audit_events aliased `alias`: the same text, byte for
 * byte, for every row a verification can meet, so that Postgres can recompute a link next to the
 * rows instead of shipping them to Node (a full verify reads the whole trail). Why each piece
 * equals JSON.stringify's:
 * - to_json(text) escapes exactly what JSON.stringify escapes in a string Postgres can hold (`"`,
 *   `\`, \b \f \n \r \t, other controls below U+0020 as lowercase \u00xx; no NUL, no lone
 *   surrogate exists in a Postgres text) and leaves everything else, non-ASCII and astral
 *   characters included, as it is;
 * - a uuid's text is lowercase hex with dashes, as pg hands it to Node; seq is its decimal digits;
 * - `at` is what node-pg's Date makes of it: milliseconds truncated (to_char's MS truncates too),
 *   UTC, with a four-digit year (JS writes ±YYYYYY outside 0000–9999: such a row does not match
 *   here, and the verifier then recomputes that link with canonicalEvent, so it is never misjudged);
 * - to_json(uuid[]) is `["…","…"]` without spaces, `[]` when empty, null for a null element;
 * - case_ids only when non-empty.
 * A test (test/audit-canonical-sql.e2e-spec.ts) holds the two equal for awkward values.
 */
export const canonicalEventSql = (alias: string): string => {
  const uuid = (column: string) => `coalesce('"' || ${alias}.${column}::text || '"', 'null')`;
  const text = (column: string) => `coalesce(to_json(${alias}.${column})::text, 'null')`;
  const parts: Record<(typeof AUDIT_EVENT_COLUMN_NAMES)[number], string> = {
    seq: `'"' || ${alias}.seq::text || '"'`,
    id: uuid('id'),
    at: `'"' || to_char(${alias}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`,
    actor_id: uuid('actor_id'),
    actor_discipline: text('actor_discipline'),
    actor_organisation_id: uuid('actor_organisation_id'),
    on_behalf_of_id: uuid('on_behalf_of_id'),
    action: text('action'),
    resource_type: text('resource_type'),
    resource_id: uuid('resource_id'),
    case_id: uuid('case_id'),
    person_ids: `coalesce(to_json(${alias}.person_ids)::text, '[]')`,
    outcome: text('outcome'),
    purpose: text('purpose'),
    request_id: text('request_id'),
    ip: text('ip'),
    user_agent: text('user_agent'),
    case_ids: `CASE WHEN cardinality(${alias}.case_ids) > 0 THEN ',"case_ids":' || to_json(${alias}.case_ids)::text ELSE '' END`,
  };
  // One concat() over all the pieces: a chain of || copies the growing text once per piece.
  const pieces = AUDIT_EVENT_COLUMN_NAMES.flatMap((column, i) =>
    column === 'case_ids' ? [parts[column]] : [`'${i === 0 ? '{' : ','}"${column}":'`, parts[column]],
  );
  // concat() skips a null piece: the event's absence (no seq) is kept as null explicitly.
  return `CASE WHEN ${alias}.seq IS NULL THEN NULL ELSE concat(${pieces.join(', ')}, '}') END`;
};

/** chainHash in SQL: prevHashSql and the event's alias name SQL expressions; null when the event is null. */
export const chainHashSql = (prevHashSql: string, alias: string): string =>
  `encode(sha256(convert_to(${prevHashSql} || '|' || ${canonicalEventSql(alias)}, 'UTF8')), 'hex')`;
