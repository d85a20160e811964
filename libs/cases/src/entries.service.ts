import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, disciplineMask, fullViewDiscipline } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, toPage, type Page, type Tx, decodeCursor } from '@oneroof/platform';
import type { Entry, EntryKind, EntryVisibility } from './case-model';
import { CasesError } from './cases-errors';

export interface NewEntry {
  visibility: EntryVisibility;
  kind: EntryKind;
  body: string;
  personIds?: string[];
  correctsEntryId?: string;
}

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

interface EntryRow {
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

const toEntry = (row: EntryRow): Entry => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  visibility: row.visibility,
  createdAt: row.created_at,
  restricted: row.restricted,
  kind: row.kind,
  body: row.body,
  personIds: row.person_ids,
  correctsEntryId: row.corrects_entry_id,
});

@Injectable()
export class EntriesService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Entries are never edited or deleted; a correction is a new entry naming the one it corrects. */
  async add(actor: Actor, caseId: string, input: NewEntry): Promise<Entry> {
    return this.gate.run(actor, caseId, { action: 'entry.create', resourceType: 'entry', need: 'write', requireOpen: true }, async (tx) => {
      const personIds = [...new Set(input.personIds ?? [])];
      await requirePersonsOfCase(tx, caseId, personIds, 'personIds');
      if (input.correctsEntryId) {
        // Only an entry the author may read in full can be corrected; anything else does not exist for them.
        const corrected = await tx.one(
          `SELECT 1 FROM case_entries c WHERE c.id = $1 AND c.case_id = $2 AND ${entryMask('c', '$3').visible}`,
          [input.correctsEntryId, caseId, actor.discipline],
        );
        if (!corrected) {
          throw new CasesError('rule', 'UNKNOWN_ENTRY', 'The entry to correct is not in this case.', {
            errors: [{ field: 'correctsEntryId', message: 'correctsEntryId names no entry of this case' }],
          });
        }
      }
      const row = await tx.one<EntryRow>(
        `INSERT INTO case_entries AS e (case_id, author_id, author_discipline, visibility, kind, body, person_ids, corrects_entry_id, created_at)
         VALUES ($1, $3, $2, $4, $5, $6, $7, $8, $9)
         RETURNING ${ENTRY_COLUMNS}`,
        [
          caseId,
          actor.discipline,
          actor.id,
          input.visibility,
          input.kind,
          input.body,
          personIds,
          input.correctsEntryId ?? null,
          this.clock.now(),
        ],
      );
      return { result: toEntry(row!), resourceId: row!.id, personIds };
    });
  }

  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Entry>> {
    const after = decodeCursor(cursor, 'entries', { seq: 'seq' });
    return this.gate.run(actor, caseId, { action: 'entry.list', resourceType: 'entry', need: 'content' }, async (tx, access) => {
      const rows = await tx.query<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM case_entries e
          WHERE e.case_id = $1 AND ($3::bigint IS NULL OR e.seq < $3::bigint)
          ORDER BY e.seq DESC LIMIT $4`,
        [caseId, fullViewDiscipline(access), after?.seq ?? null, limit + 1],
      );
      const page = toPage(rows, limit, toEntry, (r) => ({ seq: String(r.seq) }), 'entries');
      return { result: page, personIds: page.items.flatMap((e) => e.personIds) };
    });
  }
}

/** Person ids named in a body must be persons of this case: 422 naming the field otherwise. */
export async function requirePersonsOfCase(tx: Tx, caseId: string, personIds: string[], field: string): Promise<void> {
  if (personIds.length === 0) return;
  const found = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM case_persons WHERE case_id = $1 AND id = ANY($2::uuid[])`, [
    caseId,
    personIds,
  ]);
  if (found!.n !== personIds.length) {
    throw new CasesError('rule', 'UNKNOWN_PERSON', 'Every person named must be part of this case.', {
      errors: [{ field, message: `${field} names a person who is not part of this case` }],
    });
  }
}
