import { writeOutboxEvents, type Tx } from '@oneroof/platform';

/** design.md §8 re-reports and links: the SQL of case_rereport_matches and case_links. */
export type CaseLinkKind = 'rereport' | 'same_family';
export const CASE_LINK_KINDS: readonly CaseLinkKind[] = ['rereport', 'same_family'];

export interface CaseLinkRow {
  id: string;
  other_case_id: string;
  other_reference: string;
  kind: CaseLinkKind;
  note: string | null;
  linked_at: Date;
}

export interface RereportMatchRow {
  earlier_case_id: string;
  earlier_reference: string;
  found_at: Date;
}

/**
 * A person of `caseId` (of `personIds`, or all) with the same first name, last name (case and
 * accents folded, person_name_key) and date of birth as a person of a case closed in the 12 months
 * before `now`: one open match per pair of cases, and `case.possible_rereport` for each new one, to
 * the coordinators only, naming the two references and nothing else. The team learns nothing here.
 */
export async function findRereports(tx: Tx, caseId: string, personIds: string[] | null, now: Date): Promise<number> {
  const found = await tx.query<{ earlier_case_id: string; reference: string; earlier_reference: string }>(
    `WITH found AS (
       INSERT INTO case_rereport_matches (case_id, earlier_case_id, found_at)
       SELECT DISTINCT p.case_id, e.case_id, $3::timestamptz
         FROM case_persons p
         JOIN case_persons e ON e.date_of_birth = p.date_of_birth AND person_name_key(e.last_name) = person_name_key(p.last_name)
                            AND person_name_key(e.first_name) = person_name_key(p.first_name) AND e.case_id <> p.case_id
         JOIN cases ec ON ec.id = e.case_id AND ec.status = 'closed' AND ec.closed_at >= $3::timestamptz - interval '12 months'
        WHERE p.case_id = $1 AND p.date_of_birth IS NOT NULL AND ($2::uuid[] IS NULL OR p.id = ANY ($2::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM case_links l WHERE (l.case_id, l.linked_case_id) IN ((p.case_id, e.case_id), (e.case_id, p.case_id)))
       ON CONFLICT DO NOTHING
       RETURNING earlier_case_id)
     SELECT f.earlier_case_id, c.reference, ec.reference AS earlier_reference
       FROM found f JOIN cases c ON c.id = $1 JOIN cases ec ON ec.id = f.earlier_case_id ORDER BY ec.reference`,
    [caseId, personIds, now],
  );
  await writeOutboxEvents(
    tx,
    found.map((f) => ({
      type: 'case.possible_rereport',
      caseId,
      payload: { caseId, caseReference: f.reference, earlierCaseReference: f.earlier_reference },
      occurredAt: now,
    })),
  );
  return found.length;
}

/** Links of a case either way round, with the other case's reference only. */
export async function linksOf(tx: Tx, caseId: string): Promise<CaseLinkRow[]> {
  return tx.query<CaseLinkRow>(
    `SELECT l.id, o.id AS other_case_id, o.reference AS other_reference, l.kind, l.note, l.linked_at
       FROM case_links l JOIN cases o ON o.id = CASE WHEN l.case_id = $1 THEN l.linked_case_id ELSE l.case_id END
      WHERE l.case_id = $1 OR l.linked_case_id = $1
      ORDER BY l.linked_at, l.id`,
    [caseId],
  );
}

export async function openMatchesOf(tx: Tx, caseId: string): Promise<RereportMatchRow[]> {
  return tx.query<RereportMatchRow>(
    `SELECT m.earlier_case_id, c.reference AS earlier_reference, m.found_at
       FROM case_rereport_matches m JOIN cases c ON c.id = m.earlier_case_id
      WHERE m.case_id = $1 AND m.status = 'open' ORDER BY m.found_at, c.reference`,
    [caseId],
  );
}

export async function caseExists(tx: Tx, caseId: string): Promise<boolean> {
  return (await tx.one(`SELECT 1 FROM cases WHERE id = $1`, [caseId])) !== undefined;
}

export async function linkExists(tx: Tx, a: string, b: string): Promise<boolean> {
  const row = await tx.one(`SELECT 1 FROM case_links WHERE (case_id, linked_case_id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`, [
    a,
    b,
  ]);
  return row !== undefined;
}

export async function insertLink(
  tx: Tx,
  link: { caseId: string; linkedCaseId: string; kind: CaseLinkKind; note: string | null; by: string; at: Date },
): Promise<string> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO case_links (case_id, linked_case_id, kind, note, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [link.caseId, link.linkedCaseId, link.kind, link.note, link.by, link.at],
  );
  return row!.id;
}

/** Decides the open match of the two cases (either way round); false when there was none. */
export async function decideMatch(tx: Tx, a: string, b: string, status: 'linked' | 'dismissed', by: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE case_rereport_matches SET status = $3, decided_by = $4, decided_at = $5
      WHERE (case_id, earlier_case_id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid)) AND status = 'open' RETURNING 1`,
    [a, b, status, by, at],
  );
  return rows.length > 0;
}
