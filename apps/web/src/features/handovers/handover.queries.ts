import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';

export type Handover = Schemas['HandoverResponse'];
export type Checklist = Schemas['ChecklistDto'];

export const handoverKeys = { detail: (id: string) => ['handovers', 'one', id] as const, all: ['handovers'] as const };

export const useHandover = (id: string) =>
  useQuery({
    queryKey: handoverKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/handovers/{id}', { params: { path: { id } } })),
  });

export function useProposeHandover(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ProposeHandoverDto']) =>
      unwrap(api.POST('/api/cases/{id}/handovers', { params: { path: { id: caseId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: handoverKeys.all }),
  });
}

type Action =
  | { kind: 'meeting'; body: Schemas['MeetingDto'] }
  | { kind: 'accept'; body: Schemas['AcceptHandoverDto'] }
  | { kind: 'decline'; body: Schemas['HandoverReasonDto'] }
  | { kind: 'withdraw'; body: Schemas['HandoverReasonDto'] };

/** The state changes of §2's warm transfer; the API decides who may take which, the page shows its answer. */
export function useHandoverAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: Action) => {
      const params = { path: { id } };
      switch (action.kind) {
        case 'meeting':
          return unwrap(api.POST('/api/handovers/{id}/meeting', { params, body: action.body }));
        case 'accept':
          return unwrap(api.POST('/api/handovers/{id}/accept', { params, body: action.body }));
        case 'decline':
          return unwrap(api.POST('/api/handovers/{id}/decline', { params, body: action.body }));
        case 'withdraw':
          return unwrap(api.POST('/api/handovers/{id}/withdraw', { params, body: action.body }));
      }
    },
    onSuccess: (handover) => {
      client.setQueryData(handoverKeys.detail(id), handover);
      void client.invalidateQueries({ queryKey: ['cases'] });
      void client.invalidateQueries({ queryKey: handoverKeys.all });
    },
  });
}
