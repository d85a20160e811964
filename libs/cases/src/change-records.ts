import type { Tx } from '@oneroof/platform';
import type { Urgency } from './case-model';
import type { PersonRow } from './case-rows';

/**
 * The cases context's change records (table case_change_records): what a case or person PATCH
 * overwrote, written in the PATCH's own transaction, so that the timeline can tell it. A person
 * edit keeps the names of the fields that changed, never their values.
 */
export type PersonField = 'firstName' | 'lastName' | 'dateOfBirth' | 'familyRole' | 'involvement' | 'confidentialAddress';

const PERSON_FIELD_COLUMNS: readonly [PersonField, keyof PersonRow][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['dateOfBirth', 'date_of_birth'],
  ['familyRole', 'family_role'],
  ['involvement', 'involvement'],
  ['confidentialAddress', 'confidential_address'],
];

/** The fields whose value differs between two readings of one person, in a fixed order. */
export function changedPersonFields(before: PersonRow, after: PersonRow): PersonField[] {
  return PERSON_FIELD_COLUMNS.filter(([, column]) => (before[column] ?? null) !== (after[column] ?? null)).map(([field]) => field);
}

export async function recordUrgencyChange(
  tx: Tx,
  change: { caseId: string; actorId: string; from: Urgency; to: Urgency; at: Date },
): Promise<void> {
  if (change.from === change.to) return;
  await tx.query(
    `INSERT INTO case_change_records (case_id, kind, urgency_from, urgency_to, actor_id, at) VALUES ($1, 'case.urgency_changed', $2, $3, $4, $5)`,
    [change.caseId, change.from, change.to, change.actorId, change.at],
  );
}

export async function recordPersonUpdate(
  tx: Tx,
  change: { caseId: string; personId: string; actorId: string; fields: PersonField[]; at: Date },
): Promise<void> {
  if (change.fields.length === 0) return;
  await tx.query(
    `INSERT INTO case_change_records (case_id, kind, person_id, changed_fields, actor_id, at) VALUES ($1, 'person.updated', $2, $3, $4, $5)`,
    [change.caseId, change.personId, change.fields, change.actorId, change.at],
  );
}
