import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, type Page, type Tx } from '@oneroof/platform';
import type { DisclosureInput, Interview, NewInterview } from './intake-model';
import * as intakes from './intake-repository';
import { INTERVIEW_COLUMNS, toInterview, type InterviewRow } from './interview-rows';
import { requireDiscipline, requireNotFuture } from './record-rows';
import { IntakeError } from './intake-errors';
import { checkTellOnce } from './tell-once';
import { discloseRestrictedRecord, listRestrictedRecords, type RestrictedRecordKind } from './restricted-records';

const INTERVIEW_KIND: RestrictedRecordKind<InterviewRow, Interview> = {
  type: 'interview',
  table: 'intake_interviews',
  alias: 'i',
  columns: INTERVIEW_COLUMNS,
  toRecord: toInterview,
  discloseWhat: 'disclose interviews',
};

/** User ids named in a body (interviewers) must be users: 422 naming the field otherwise. */
async function requireUsers(tx: Tx, userIds: string[], field: string): Promise<void> {
  if (userIds.length === 0) return;
  if ((await intakes.countUsers(tx, userIds)) !== userIds.length) {
    throw new IntakeError('rule', 'UNKNOWN_USER', 'Every user named must exist.', {
      errors: [{ field, message: `${field} names a user who does not exist` }],
    });
  }
}

/** Interviews (design.md §2): police only write them; the Wpg keeps them to police unless disclosed. */
@Injectable()
export class InterviewsService {
  constructor(
    @Inject(CaseGate) private readonly gate: CaseGate,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async add(actor: Actor, caseId: string, input: NewInterview): Promise<Interview> {
    return this.gate.run(
      actor,
      caseId,
      // The body says whether it is supplementary, so the audit names it before the work is done; tell-once.ts checks the claim.
      {
        action: input.supplementary ? 'interview.create_supplementary' : 'interview.create',
        resourceType: 'interview',
        need: 'write',
        requireOpen: true,
      },
      async (tx) => {
        requireDiscipline(actor, 'interview', 'record interviews');
        const now = this.clock.now();
        requireNotFuture(input.conductedAt, now, 'conductedAt');
        await requirePersonsOfCase(tx, caseId, [input.personId], 'personId');
        const interviewerIds = [...new Set(input.interviewerIds ?? [])];
        await requireUsers(tx, interviewerIds, 'interviewerIds');
        const { sameInterviewer } = await checkTellOnce(tx, input.personId, interviewerIds, input.supplementary);
        const row = await intakes.insertInterview(tx, {
          caseId,
          authorDiscipline: actor.discipline,
          personId: input.personId,
          kind: input.kind,
          conductedAt: input.conductedAt,
          durationMinutes: input.durationMinutes,
          location: input.location,
          interviewerIds,
          recordingReference: input.recordingReference ?? null,
          summary: input.summary,
          authorId: actor.id,
          at: now,
          supplementaryReason: input.supplementary?.reason ?? null,
          supplementaryApprovedBy: input.supplementary?.approvedBy ?? null,
          sameInterviewer,
        });
        return { result: toInterview(row), resourceId: row.id, personIds: [input.personId] };
      },
    );
  }

  list(actor: Actor, caseId: string, limit: number, cursor?: string): Promise<Page<Interview>> {
    return listRestrictedRecords(this.gate, INTERVIEW_KIND, actor, caseId, limit, cursor);
  }

  disclose(actor: Actor, caseId: string, recordId: string, input: DisclosureInput): Promise<Interview> {
    return discloseRestrictedRecord(this.gate, INTERVIEW_KIND, actor, caseId, recordId, input, () => this.clock.now());
  }
}
