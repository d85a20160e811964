import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';

export type FollowUp = Schemas['FollowUpResponse'];

/** Query keys of follow-ups, defined once; "my work" lists them under ['follow-ups', 'mine', …]. */
export const followUpKeys = {
  all: ['follow-ups'] as const,
  ofCase: (caseId: string) => ['follow-ups', 'case', caseId] as const,
};

export const useCaseFollowUps = (caseId: string) =>
  useQuery({
    queryKey: followUpKeys.ofCase(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/follow-ups', { params: { path: { id: caseId }, query: { limit: 200 } } })),
  });

export function useScheduleFollowUp(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['NewFollowUpDto']) =>
      unwrap(api.POST('/api/cases/{id}/follow-ups', { params: { path: { id: caseId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: followUpKeys.all }),
  });
}

/** Reschedule, complete or cancel, naming the version read: someone else's change in between gets 409. */
export function useUpdateFollowUp(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateFollowUpDto']) => unwrap(api.PATCH('/api/follow-ups/{id}', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: followUpKeys.all }),
  });
}

/** A new calendar feed address; the one before stops working (the API keeps only a hash). */
export function useRotateFeedToken() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/me/follow-ups.ics/token')) });
}
