import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';

export type Intake = Schemas['IntakeResponse'];
export type Interview = Schemas['InterviewResponse'];
export type Examination = Schemas['ExaminationResponse'];
export type Assessment = Schemas['AssessmentResponse'];

/** Query keys of the joint intake, defined once; records share the case file's keys so both pages stay in step. */
export const intakeKeys = {
  intake: (caseId: string) => ['cases', caseId, 'intake'] as const,
  assessments: (caseId: string) => ['cases', caseId, 'assessments'] as const,
};

/** Answers below 500 are answers (a 404 "not scheduled yet" included), not something to try again. */

export const useIntake = (caseId: string, enabled: boolean) =>
  useQuery({
    queryKey: intakeKeys.intake(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/intake', { params: { path: { id: caseId } } })),
    enabled,
  });

export const useAssessments = (caseId: string, enabled: boolean) =>
  useQuery({
    queryKey: intakeKeys.assessments(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/assessments', { params: { path: { id: caseId }, query: { limit: 100 } } })),
    enabled,
  });

/** After any intake write, the intake (its counts), the records and the case (status, lead) are read again. */
function useRefreshCase(caseId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['cases', caseId] });
}

export function useScheduleIntake(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: Schemas['ScheduleIntakeDto']) =>
      unwrap(api.POST('/api/cases/{id}/intake', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}

export function useAddInterview(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: Schemas['NewInterviewDto']) =>
      unwrap(api.POST('/api/cases/{id}/interviews', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}

export function useAddExamination(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: Schemas['NewExaminationDto']) =>
      unwrap(api.POST('/api/cases/{id}/examinations', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}

export function useAddAssessment(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: Schemas['NewAssessmentDto']) =>
      unwrap(api.POST('/api/cases/{id}/assessments', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}

export function useDisclose(caseId: string, kind: 'interview' | 'examination', recordId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: Schemas['DisclosureDto']): Promise<Interview | Examination> => {
      const params = { path: { id: caseId, recordId } };
      return kind === 'interview'
        ? unwrap(api.POST('/api/cases/{id}/interviews/{recordId}/disclosure', { params, body }))
        : unwrap(api.POST('/api/cases/{id}/examinations/{recordId}/disclosure', { params, body }));
    },
    onSuccess: refresh,
  });
}

export function useConcludeIntake(caseId: string) {
  const refresh = useRefreshCase(caseId);
  return useMutation({
    mutationFn: (body: Schemas['ConcludeIntakeDto']) =>
      unwrap(api.POST('/api/cases/{id}/intake/conclude', { params: { path: { id: caseId } }, body })),
    onSuccess: refresh,
  });
}
