import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { Clock, updateVersioned } from '@oneroof/platform';
import type { Actor } from '@oneroof/identity';
import type { FamilyRole, Involvement, Person } from './case-model';
import { personColumns, seesInterviewCounts, toPerson, type PersonRow } from './case-rows';
import { insertPerson, type PersonInput } from './cases.service';
import { findRereports } from './case-links-repository';
import { CasesError } from './cases-errors';
import { changedPersonFields, recordPersonUpdate } from './change-records';

export interface PersonChanges {
  /** Optimistic locking when given: a stale one gets 409. */
  version?: number;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string | null;
  familyRole?: FamilyRole;
  involvement?: Involvement;
  confidentialAddress?: string | null;
}

@Injectable()
export class PersonsService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async add(actor: Actor, caseId: string, input: PersonInput): Promise<Person> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'person.create', resourceType: 'person', need: 'write', requireOpen: true },
      async (tx, access) => {
        const now = this.clock.now();
        const row = await insertPerson(tx, caseId, actor.id, input, now, seesInterviewCounts(access));
        await findRereports(tx, caseId, [row.id], now);
        return { result: toPerson(row), resourceId: row.id, personIds: [row.id] };
      },
    );
  }

  async update(actor: Actor, caseId: string, personId: string, changes: PersonChanges): Promise<Person> {
    return this.gate.run(
      actor,
      caseId,
      { action: 'person.update', resourceType: 'person', resourceId: personId, need: 'write', requireOpen: true },
      async (tx, access) => {
        // `undefined` keeps a field; an explicit null clears the optional ones.
        const clear = (value: unknown) => value === null;
        // Locked, so that the fields recorded as changed are those this update changed.
        const before = await tx.one<PersonRow>(
          `SELECT ${personColumns(false)} FROM case_persons p WHERE p.id = $1 AND p.case_id = $2 FOR UPDATE`,
          [personId, caseId],
        );
        if (!before) throw new CasesError('not_found', 'PERSON_NOT_FOUND', 'The person is not part of this case.');
        const now = this.clock.now();
        const row = await updateVersioned<PersonRow>(tx, {
          table: 'case_persons AS p',
          what: 'person',
          id: personId,
          version: changes.version,
          set: `first_name = COALESCE($3, first_name), last_name = COALESCE($4, last_name),
              date_of_birth = CASE WHEN $5::boolean THEN NULL ELSE COALESCE($6::date, date_of_birth) END,
              family_role = COALESCE($7, family_role), involvement = COALESCE($8, involvement),
              confidential_address = CASE WHEN $9::boolean THEN NULL ELSE COALESCE($10, confidential_address) END,
              updated_at = $11`,
          params: [
            changes.firstName ?? null,
            changes.lastName ?? null,
            clear(changes.dateOfBirth),
            changes.dateOfBirth ?? null,
            changes.familyRole ?? null,
            changes.involvement ?? null,
            clear(changes.confidentialAddress),
            changes.confidentialAddress ?? null,
            now,
          ],
          returning: personColumns(seesInterviewCounts(access)),
        });
        await recordPersonUpdate(tx, { caseId, personId, actorId: actor.id, fields: changedPersonFields(before, row), at: now });
        return { result: toPerson(row), personIds: [personId] };
      },
    );
  }
}
