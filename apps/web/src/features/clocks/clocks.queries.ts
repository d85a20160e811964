import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';

export type CaseClock = Schemas['ClockResponse'];
export type CaseLink = Schemas['CaseLinkResponse'];

export const clockKeys = {
  clocks: (caseId: string) => ['cases', caseId, 'clocks'] as const,
  links: (caseId: string) => ['cases', caseId, 'links'] as const,
};

export const useClocks = (caseId: string) =>
  useQuery({
    queryKey: clockKeys.clocks(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/clocks', { params: { path: { id: caseId } } })),
  });

export const useCaseLinks = (caseId: string) =>
  useQuery({
    queryKey: clockKeys.links(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/links', { params: { path: { id: caseId } } })),
  });

/** The lead's explanation of a breached clock; the API decides who may give one (403 otherwise). */
export function useExplainClock(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ClockExplanationDto']) =>
      unwrap(api.POST('/api/cases/{id}/clocks/explanations', { params: { path: { id: caseId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: clockKeys.clocks(caseId) }),
  });
}
