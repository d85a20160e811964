import { disciplineMask } from '@oneroof/access';
import type { Tx } from '@oneroof/platform';
import type { EntryKind, EntryVisibility } from './case-model';

/**
 * case_entries, the journal, and its statements. An entry is never updated or deleted: a
 * correction is a new entry naming the one it corrects.
 */

/** A discipline entry is restricted to its author's discipline; a team entry to nobody. */
const entryMask = (alias: string, reader: string) =>
  disciplineMask(`CASE WHEN ${alias}.visibility = 'discipline' THEN ${alias}.author_discipline END`, reader);
const mask = entryMask('e', '$2');

/**
 * An entry as the reader may see it, masked in SQL: `$2` is the reader's discipline. A
 * discipline entry of another discipline keeps its id, author and date, and nothing else.
 */
const ENTRY_COLUMNS = `e.id, e.seq, e.case_id, e.author_id, e.author_discipline, e.visibility, e.created_at,
  ${mask.restricted()},
  ${mask.column('e.kind', 'kind')},
  ${mask.column('e.body', 'body')},
  ${mask.column('e.person_ids', 'person_ids', `'{}'::uuid[]`)},
  ${mask.column('e.corrects_entry_id', 'corrects_entry_id')}`;

export interface EntryRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  visibility: EntryVisibility;
  created_at: Date;
  restricted: boolean;
  kind: EntryKind | null;
  body: string | null;
  person_ids: string[];
  corrects_entry_id: string | null;
}

/** Whether the case has this entry and a reader of `readerDiscipline` may read it in full. */
export async function readableEntryExists(tx: Tx, caseId: string, entryId: string, readerDiscipline: string): Promise<boolean> {
  const found = await tx.one(`SELECT 1 FROM case_entries c WHERE c.id = $1 AND c.case_id = $2 AND ${entryMask('c', '$3').visible}`, [
    entryId,
    caseId,
    readerDiscipline,
  ]);
  return found !== undefined;
}

/** The new entry as its author reads it. */
export async function insertEntry(
  tx: Tx,
  e: {
    caseId: string;
    authorDiscipline: string;
    authorId: string;
    visibility: EntryVisibility;
    kind: EntryKind;
    body: string;
    personIds: string[];
    correctsEntryId: string | null;
    at: Date;
  },
): Promise<EntryRow> {
  const row = await tx.one<EntryRow>(
    `INSERT INTO case_entries AS e (case_id, author_id, author_discipline, visibility, kind, body, person_ids, corrects_entry_id, created_at)
         VALUES ($1, $3, $2, $4, $5, $6, $7, $8, $9)
         RETURNING ${ENTRY_COLUMNS}`,
    [e.caseId, e.authorDiscipline, e.authorId, e.visibility, e.kind, e.body, e.personIds, e.correctsEntryId, e.at],
  );
  return row!;
}

/** Newest first, before the sequence number `after` (a cursor's), masked for `readerDiscipline`; `take` is one more than the page. */
export async function listEntries(
  tx: Tx,
  q: { caseId: string; readerDiscipline: string | null; after: string | null; take: number },
): Promise<EntryRow[]> {
  return tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM case_entries e
          WHERE e.case_id = $1 AND ($3::bigint IS NULL OR e.seq < $3::bigint)
          ORDER BY e.seq DESC LIMIT $4`,
    [q.caseId, q.readerDiscipline, q.after, q.take],
  );
}
