import type { Conclusion, Intake, IntakeStatus, Safety, Waiver } from './intake-model';

export interface IntakeRow {
  id: string;
  case_id: string;
  scheduled_at: Date;
  participant_ids: string[];
  status: IntakeStatus;
  scheduled_by: string;
  created_at: Date;
  concluded_at: Date | null;
  concluded_by: string | null;
  decision: string | null;
  safety: Safety | null;
  lead_user_id: string | null;
  actions: Conclusion['actions'] | null;
  waived_disciplines: Waiver[] | null;
  police: number;
  forensic_medicine: number;
  social_work: number;
}

export const INTAKE_COLUMNS = `k.id, k.case_id, k.scheduled_at, k.participant_ids, k.status, k.scheduled_by, k.created_at, k.concluded_at, k.concluded_by,
  k.decision, k.safety, k.lead_user_id, k.actions, k.waived_disciplines, ${contributionCounts('k.case_id')}`;

/** How many records each required discipline has on the case: what the conclusion rule looks at. */
export function contributionCounts(caseId: string): string {
  return `(SELECT count(*)::int FROM intake_interviews WHERE case_id = ${caseId}) AS police,
  (SELECT count(*)::int FROM intake_examinations WHERE case_id = ${caseId}) AS forensic_medicine,
  (SELECT count(*)::int FROM intake_assessments WHERE case_id = ${caseId}) AS social_work`;
}

export const toIntake = (row: IntakeRow): Intake => ({
  id: row.id,
  caseId: row.case_id,
  scheduledAt: row.scheduled_at,
  participantIds: row.participant_ids,
  status: row.status,
  scheduledBy: row.scheduled_by,
  createdAt: row.created_at,
  contributions: { police: row.police, forensic_medicine: row.forensic_medicine, social_work: row.social_work },
  conclusion:
    row.status === 'concluded'
      ? {
          decision: row.decision!,
          safety: row.safety!,
          leadUserId: row.lead_user_id!,
          actions: row.actions!,
          waivedDisciplines: row.waived_disciplines!,
          concludedAt: row.concluded_at!,
          concludedBy: row.concluded_by!,
        }
      : null,
});
