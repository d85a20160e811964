import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';
import { caseKeys } from '../cases/case.queries';

export type SafetyPlan = Schemas['SafetyPlanResponse'];
export type NewPlanBody = Schemas['NewSafetyPlanDto'];

export const planKeys = {
  all: (caseId: string) => ['safety-plan', caseId] as const,
  current: (caseId: string) => ['safety-plan', caseId, 'current'] as const,
  versions: (caseId: string) => ['safety-plan', caseId, 'versions'] as const,
};

/** The current plan; the API answers 404 when the case has none yet (or the case is not visible). */
export const useCurrentPlan = (caseId: string) =>
  useQuery({
    queryKey: planKeys.current(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/safety-plan', { params: { path: { id: caseId } } })),
  });

export const usePlanVersions = (caseId: string, enabled: boolean) =>
  useQuery({
    queryKey: planKeys.versions(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/safety-plans', { params: { path: { id: caseId }, query: { limit: 50 } } })),
    enabled,
  });

export function useNewPlanVersion(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPlanBody) => unwrap(api.POST('/api/cases/{id}/safety-plans', { params: { path: { id: caseId } }, body })),
    onSuccess: (plan) => {
      client.setQueryData(planKeys.current(caseId), plan);
      void client.invalidateQueries({ queryKey: planKeys.all(caseId) });
    },
  });
}

export function useRecordCheck(caseId: string, agreementId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CheckDto']) =>
      unwrap(
        api.POST('/api/cases/{id}/safety-plan/agreements/{agreementId}/checks', { params: { path: { id: caseId, agreementId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: planKeys.all(caseId) }),
  });
}

/** The case (persons and team) for names and choices; the same cache entry as the case file page. */
export const useCaseForPlan = (caseId: string) =>
  useQuery({
    queryKey: caseKeys.detail(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}', { params: { path: { id: caseId } } })),
  });
