import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';
import { caseKeys } from '../cases/case.queries';

export type Conference = Schemas['ConferenceResponse'];
export type RecordBody = Schemas['RecordConferenceDto'];
export type AgendaItem = Schemas['AgendaItemResponse'];
export type RosterRow = Schemas['RosterRowResponse'];

/** Query keys of the feature, defined once. */
export const conferenceKeys = {
  all: ['conferences'] as const,
  ofCase: (caseId: string) => ['conferences', 'case', caseId] as const,
  detail: (id: string) => ['conferences', 'one', id] as const,
  agenda: (id: string) => ['conferences', 'agenda', id] as const,
  roster: (date: string) => ['conferences', 'roster', date] as const,
};

/** A 404 or 403 is an answer to show, not something to try again. */

export const useCaseConferences = (caseId: string) =>
  useQuery({
    queryKey: conferenceKeys.ofCase(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/conferences', { params: { path: { id: caseId }, query: { limit: 100 } } })),
  });

export const useConference = (id: string) =>
  useQuery({
    queryKey: conferenceKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/conferences/{id}', { params: { path: { id } } })),
  });

export const useAgenda = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: conferenceKeys.agenda(id),
    queryFn: () => unwrap(api.GET('/api/conferences/{id}/agenda', { params: { path: { id } } })),
    enabled,
  });

/** The roster for one day (YYYY-MM-DD in Europe/Amsterdam); the API decides which cases the caller sees. */
export const useRoster = (date: string) =>
  useQuery({
    queryKey: conferenceKeys.roster(date),
    queryFn: () => unwrap(api.GET('/api/review-roster', { params: { query: { date, limit: 200 } } })),
  });

export function useScheduleConference(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ScheduleConferenceDto']) =>
      unwrap(api.POST('/api/cases/{id}/conferences', { params: { path: { id: caseId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: conferenceKeys.all }),
  });
}

type Action =
  | { kind: 'reschedule'; body: Schemas['RescheduleConferenceDto'] }
  | { kind: 'record'; body: RecordBody }
  | { kind: 'cancel'; body: Schemas['CancelConferenceDto'] }
  | { kind: 'addendum'; body: Schemas['AddendumDto'] };

/** The conference's state changes of §7; the API decides who may take which, the page shows its answer. */
export function useConferenceAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: Action) => {
      const params = { path: { id } };
      switch (action.kind) {
        case 'reschedule':
          return unwrap(api.PATCH('/api/conferences/{id}', { params, body: action.body }));
        case 'record':
          return unwrap(api.POST('/api/conferences/{id}/record', { params, body: action.body }));
        case 'cancel':
          return unwrap(api.POST('/api/conferences/{id}/cancel', { params, body: action.body }));
        case 'addendum':
          return unwrap(api.POST('/api/conferences/{id}/addenda', { params, body: action.body }));
      }
    },
    onSuccess: (conference) => {
      client.setQueryData(conferenceKeys.detail(id), conference);
      void client.invalidateQueries({ queryKey: conferenceKeys.all });
      // Actions became follow-ups and the timeline moved on.
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

/** The case's current team, for choosing a chair, participants and assignees (the case read is cached by the case page). */
export function useCaseTeamIds(caseId: string | undefined): string[] | undefined {
  const query = useQuery({
    queryKey: caseKeys.detail(caseId ?? ''),
    queryFn: () => unwrap(api.GET('/api/cases/{id}', { params: { path: { id: caseId! } } })),
    enabled: Boolean(caseId),
  });
  return query.data?.team.map((m) => m.userId);
}
