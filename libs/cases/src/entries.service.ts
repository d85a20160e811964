import { Inject, Injectable } from '@nestjs/common';
import { CaseGate, fullViewDiscipline } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { Clock, toPage, type Page, type Tx, decodeCursor } from '@oneroof/platform';
import { countPersonsOfCase } from './case-repository';
import type { Entry, EntryKind, EntryVisibility } from './case-model';
import { CasesError } from './cases-errors';
import * as entries from './entry-repository';

export interface NewEntry {
  visibility: EntryVisibility;
  kind: EntryKind;
  body: string;
  personIds?: string[];
  correctsEntryId?: string;
}

const toEntry = (row: entries.EntryRow): Entry => ({
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
        if (!(await entries.readableEntryExists(tx, caseId, input.correctsEntryId, actor.discipline))) {
          throw new CasesError('rule', 'UNKNOWN_ENTRY', 'The entry to correct is not in this case.', {
            errors: [{ field: 'correctsEntryId', message: 'correctsEntryId names no entry of this case' }],
          });
        }
      }
      const row = await entries.insertEntry(tx, {
        caseId,
        authorDiscipline: actor.discipline,
        authorId: actor.id,
        visibility: input.visibility,
        kind: input.kind,
        body: input.body,
        personIds,
        correctsEntryId: input.correctsEntryId ?? null,
        at: this.clock.now(),
      });
      return { result: toEntry(row), resourceId: row.id, personIds };
    });
  }

  async list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Entry>> {
    const after = decodeCursor(cursor, 'entries', { seq: 'seq' });
    return this.gate.run(actor, caseId, { action: 'entry.list', resourceType: 'entry', need: 'content' }, async (tx, access) => {
      const rows = await entries.listEntries(tx, {
        caseId,
        readerDiscipline: fullViewDiscipline(access),
        after: after?.seq ?? null,
        take: limit + 1,
      });
      const page = toPage(rows, limit, toEntry, (r) => ({ seq: String(r.seq) }), 'entries');
      return { result: page, personIds: page.items.flatMap((e) => e.personIds) };
    });
  }
}

/** Person ids named in a body must be persons of this case: 422 naming the field otherwise. */
export async function requirePersonsOfCase(tx: Tx, caseId: string, personIds: string[], field: string): Promise<void> {
  if (personIds.length === 0) return;
  if ((await countPersonsOfCase(tx, caseId, personIds)) !== personIds.length) {
    throw new CasesError('rule', 'UNKNOWN_PERSON', 'Every person named must be part of this case.', {
      errors: [{ field, message: `${field} names a person who is not part of this case` }],
    });
  }
}
