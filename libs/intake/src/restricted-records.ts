import { fullViewDiscipline, type CaseGate } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { toPage, type Page } from '@oneroof/platform';
import type { DisclosureInput } from './intake-model';
import { discloseRecord } from './disclosure';
import * as intakes from './intake-repository';
import { decodeSeqCursor, requireDiscipline } from './record-rows';

/**
 * Interviews and examinations are the two discipline-restricted records: the same listing (masked in
 * SQL for the reader's discipline, `$2`) and the same disclosure, over their own table and columns.
 */
export interface RestrictedRecordKind<Row, T extends { personId: string | null }> extends intakes.RecordTable {
  type: 'interview' | 'examination';
  toRecord: (row: Row) => T;
  /** Shown in the 403 for another discipline, e.g. "disclose interviews". */
  discloseWhat: string;
}

const personsOf = (records: { personId: string | null }[]) => records.flatMap((r) => (r.personId ? [r.personId] : []));

export function listRestrictedRecords<Row extends { seq: string }, T extends { personId: string | null }>(
  gate: CaseGate,
  kind: RestrictedRecordKind<Row, T>,
  actor: Actor,
  caseId: string,
  limit: number,
  cursor?: string,
): Promise<Page<T>> {
  const after = decodeSeqCursor(cursor, kind.type);
  return gate.run(actor, caseId, { action: `${kind.type}.list`, resourceType: kind.type, need: 'content' }, async (tx, access) => {
    const rows = await intakes.listRecords<Row>(tx, kind, { caseId, readerDiscipline: fullViewDiscipline(access), after, take: limit + 1 });
    const page = toPage(rows, limit, kind.toRecord, (r) => ({ seq: String(r.seq) }), kind.type);
    return { result: page, personIds: personsOf(page.items) };
  });
}

/** The author's discipline on the team shares a summary with the team, on a legal basis; audited and announced. */
export function discloseRestrictedRecord<Row, T extends { personId: string | null }>(
  gate: CaseGate,
  kind: RestrictedRecordKind<Row, T>,
  actor: Actor,
  caseId: string,
  recordId: string,
  input: DisclosureInput,
  now: () => Date,
): Promise<T> {
  return gate.run(
    actor,
    caseId,
    { action: `${kind.type}.disclose`, resourceType: kind.type, resourceId: recordId, need: 'write', requireOpen: true },
    async (tx, access) => {
      requireDiscipline(actor, kind.type, kind.discloseWhat);
      const personId = await discloseRecord(tx, access, kind.type, kind.table, recordId, input, now());
      const row = await intakes.loadRecord<Row>(tx, kind, recordId, actor.discipline);
      return { result: kind.toRecord(row!), resourceId: recordId, personIds: [personId] };
    },
  );
}
