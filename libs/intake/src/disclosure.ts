import type { GrantedAccess } from '@oneroof/access';
import { writeOutboxEvents, type Tx } from '@oneroof/platform';
import type { DisclosureInput, RecordType } from './intake-model';
import * as intakes from './intake-repository';
import { recordNotFound } from './record-rows';
import { IntakeError } from './intake-errors';

/**
 * Records a record's disclosure (once) and raises `record.disclosed` to the team's other
 * disciplines, in the caller's transaction; the audit event is CaseGate's. Returns the person the
 * record is about, for the audit trail.
 */
export async function discloseRecord(
  tx: Tx,
  access: GrantedAccess,
  recordType: Extract<RecordType, 'interview' | 'examination'>,
  table: 'intake_interviews' | 'intake_examinations',
  recordId: string,
  input: DisclosureInput,
  now: Date,
): Promise<string> {
  const record = await intakes.lockRecordForDisclosure(tx, table, recordId, access.caseId);
  if (!record) throw recordNotFound(recordType);
  if (record.disclosed_at !== null) {
    throw new IntakeError(
      'conflict',
      'ALREADY_DISCLOSED',
      `This ${recordType} was disclosed already; a disclosure is not changed afterwards.`,
    );
  }
  await intakes.recordDisclosure(tx, table, recordId, {
    summary: input.summary,
    legalBasis: input.legalBasis,
    note: input.note ?? null,
    at: now,
    by: access.actor.id,
  });
  await writeOutboxEvents(tx, [
    {
      type: 'record.disclosed',
      caseId: access.caseId,
      payload: { caseReference: access.reference, recordType, recordId, authorDiscipline: record.author_discipline },
      occurredAt: now,
    },
  ]);
  return record.person_id;
}
