import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { Clock } from '@oneroof/platform';
import type { Actor } from '@oneroof/identity';
import type { FamilyRole, Involvement, Person } from './case-model';
import * as cases from './case-repository';
import { seesInterviewCounts, toPerson } from './case-rows';
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
        // Locked, so that the fields recorded as changed are those this update changed.
        const before = await cases.lockPerson(tx, caseId, personId);
        if (!before) throw new CasesError('not_found', 'PERSON_NOT_FOUND', 'The person is not part of this case.');
        const now = this.clock.now();
        // `undefined` keeps a field; an explicit null clears the optional ones.
        const { version, ...fields } = changes;
        const row = await cases.updatePerson(tx, personId, version, { ...fields, at: now }, seesInterviewCounts(access));
        await recordPersonUpdate(tx, { caseId, personId, actorId: actor.id, fields: changedPersonFields(before, row), at: now });
        return { result: toPerson(row), personIds: [personId] };
      },
    );
  }
}
