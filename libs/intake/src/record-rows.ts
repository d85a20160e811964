import { disciplineMask } from '@oneroof/access';
import type { Actor } from '@oneroof/identity';
import { decodeCursor } from '@oneroof/platform';
import type { Disclosure, LegalBasis, RecordType } from './intake-model';
import { RECORD_DISCIPLINE } from './intake-model';
import { IntakeError } from './intake-errors';

/**
 * Columns of an interview or examination's disclosure. Shown to every reader of the record: a
 * disclosure is exactly the part the discipline chose to share with the team.
 */
export const disclosureColumns = (t: string) =>
  `${t}.disclosure_summary, ${t}.disclosure_legal_basis, ${t}.disclosure_note, ${t}.disclosed_at, ${t}.disclosed_by`;

export interface DisclosureRow {
  disclosure_summary: string | null;
  disclosure_legal_basis: LegalBasis | null;
  disclosure_note: string | null;
  disclosed_at: Date | null;
  disclosed_by: string | null;
}

export const toDisclosure = (row: DisclosureRow): Disclosure | null =>
  row.disclosed_at === null
    ? null
    : {
        summary: row.disclosure_summary!,
        legalBasis: row.disclosure_legal_basis!,
        note: row.disclosure_note,
        disclosedAt: row.disclosed_at,
        disclosedBy: row.disclosed_by!,
      };

/** An interview or examination is restricted to its author's discipline; `$2` is always the reader's discipline. */
const recordMask = (t: string) => disciplineMask(`${t}.author_discipline`, '$2');

/** `restricted`: the reader is of another discipline and sees the record's existence, author and date only. */
export const recordRestricted = (t: string) => recordMask(t).restricted();

/** A column as the reader may see it: another discipline's reader gets `otherwise` (NULL, an empty array). */
export const forAuthorDiscipline = (t: string, column: string, otherwise = 'NULL') =>
  recordMask(t).column(`${t}.${column}`, column, otherwise);

/** The head of an interview or examination: what every reader of the case sees of it, whatever their discipline. */
export const recordHeadColumns = (t: string) => `${t}.id, ${t}.seq, ${t}.case_id, ${t}.author_id, ${t}.author_discipline, ${t}.created_at,
  ${recordRestricted(t)}`;

/** Who wrote a record of the intake and when: the same columns on every record table, assessments included. */
export interface AuthoredRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  created_at: Date;
}

export const toAuthored = (row: AuthoredRow) => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  createdAt: row.created_at,
});

export interface RecordHeadRow extends AuthoredRow, DisclosureRow {
  restricted: boolean;
}

export const toRecordHead = (row: RecordHeadRow) => ({ ...toAuthored(row), restricted: row.restricted });

/** Writing a record is its discipline's alone (design.md §3): anyone else who may see the case gets 403. */
export function requireDiscipline(actor: Actor, type: RecordType, what: string): void {
  const discipline = RECORD_DISCIPLINE[type];
  if (actor.discipline !== discipline) {
    throw new IntakeError('forbidden', 'DISCIPLINE_REQUIRED', `Only ${discipline.replace('_', ' ')} may ${what}.`);
  }
}

/** Lists page newest first by the record's sequence number. */
export const decodeSeqCursor = (cursor: string | undefined, list: string): string | null =>
  decodeCursor(cursor, list, { seq: 'seq' })?.seq ?? null;

/** A record of this case that the caller means to disclose or read; anything else does not exist. */
export const recordNotFound = (type: RecordType) =>
  new IntakeError('not_found', 'RECORD_NOT_FOUND', `The ${type} does not exist in this case.`);

/** Moments a record says happened must not lie in the future. */
export function requireNotFuture(at: Date, now: Date, field: string): void {
  // A minute of tolerance for clocks that disagree a little.
  if (at.getTime() > now.getTime() + 60_000) {
    throw new IntakeError('rule', 'IN_THE_FUTURE', `${field} lies in the future.`, {
      errors: [{ field, message: `${field} must not lie in the future` }],
    });
  }
}
