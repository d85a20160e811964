import { Inject, Injectable } from '@nestjs/common';
import { CaseGate } from '@oneroof/access';
import { requirePersonsOfCase } from '@oneroof/cases';
import type { Actor } from '@oneroof/identity';
import { Clock, type Page } from '@oneroof/platform';
import type { DisclosureInput, Interview, InterviewKind, NewInterview } from './intake-model';
import {
  disclosureColumns,
  forAuthorDiscipline,
  recordRestricted,
  requireDiscipline,
  requireNotFuture,
  requireUsers,
  toDisclosure,
  type DisclosureRow,
} from './record-rows';
import { checkTellOnce } from './tell-once';
import { discloseRestrictedRecord, listRestrictedRecords, type RestrictedRecordKind } from './restricted-records';

/** An interview as the reader (`$2`: discipline) may see it; police read it in full, others its head. */
export const INTERVIEW_COLUMNS = `i.id, i.seq, i.case_id, i.author_id, i.author_discipline, i.created_at,
  ${recordRestricted('i')},
  ${forAuthorDiscipline('i', 'person_id')},
  ${forAuthorDiscipline('i', 'kind')},
  ${forAuthorDiscipline('i', 'conducted_at')},
  ${forAuthorDiscipline('i', 'duration_minutes')},
  ${forAuthorDiscipline('i', 'location')},
  ${forAuthorDiscipline('i', 'interviewer_ids', `'{}'::uuid[]`)},
  ${forAuthorDiscipline('i', 'recording_reference')},
  ${forAuthorDiscipline('i', 'summary')},
  ${forAuthorDiscipline('i', 'supplementary_reason')},
  ${forAuthorDiscipline('i', 'supplementary_approved_by')},
  ${forAuthorDiscipline('i', 'same_interviewer')},
  ${disclosureColumns('i')}`;

interface InterviewRow extends DisclosureRow {
  id: string;
  seq: string;
  case_id: string;
  author_id: string;
  author_discipline: string;
  created_at: Date;
  restricted: boolean;
  person_id: string | null;
  kind: InterviewKind | null;
  conducted_at: Date | null;
  duration_minutes: number | null;
  location: string | null;
  interviewer_ids: string[];
  recording_reference: string | null;
  summary: string | null;
  supplementary_reason: string | null;
  supplementary_approved_by: string | null;
  same_interviewer: boolean | null;
}

const toInterview = (row: InterviewRow): Interview => ({
  id: row.id,
  caseId: row.case_id,
  authorId: row.author_id,
  authorDiscipline: row.author_discipline,
  createdAt: row.created_at,
  restricted: row.restricted,
  personId: row.person_id,
  kind: row.kind,
  conductedAt: row.conducted_at,
  durationMinutes: row.duration_minutes,
  location: row.location,
  interviewerIds: row.interviewer_ids,
  recordingReference: row.recording_reference,
  summary: row.summary,
  supplementary:
    row.supplementary_reason !== null && row.supplementary_approved_by !== null
      ? { reason: row.supplementary_reason, approvedBy: row.supplementary_approved_by }
      : null,
  sameInterviewer: row.same_interviewer,
  disclosure: toDisclosure(row),
});

const INTERVIEW_KIND: RestrictedRecordKind<InterviewRow, Interview> = {
  type: 'interview',
  table: 'intake_interviews',
  alias: 'i',
  columns: INTERVIEW_COLUMNS,
  toRecord: toInterview,
  discloseWhat: 'disclose interviews',
};

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
        const row = await tx.one<InterviewRow>(
          `INSERT INTO intake_interviews AS i (case_id, author_discipline, person_id, kind, conducted_at, duration_minutes, location,
           interviewer_ids, recording_reference, summary, author_id, created_at, supplementary_reason, supplementary_approved_by,
           same_interviewer)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING ${INTERVIEW_COLUMNS}`,
          [
            caseId,
            actor.discipline,
            input.personId,
            input.kind,
            input.conductedAt,
            input.durationMinutes,
            input.location,
            interviewerIds,
            input.recordingReference ?? null,
            input.summary,
            actor.id,
            now,
            input.supplementary?.reason ?? null,
            input.supplementary?.approvedBy ?? null,
            sameInterviewer,
          ],
        );
        return { result: toInterview(row!), resourceId: row!.id, personIds: [input.personId] };
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
