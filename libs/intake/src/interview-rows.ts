import type { Interview, InterviewKind } from './intake-model';
import { disclosureColumns, forAuthorDiscipline, recordHeadColumns, toDisclosure, toRecordHead, type RecordHeadRow } from './record-rows';

/** An interview as the reader (`$2`: discipline) may see it; police read it in full, others its head. */
export const INTERVIEW_COLUMNS = `${recordHeadColumns('i')},
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

export interface InterviewRow extends RecordHeadRow {
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

export const toInterview = (row: InterviewRow): Interview => ({
  ...toRecordHead(row),
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
