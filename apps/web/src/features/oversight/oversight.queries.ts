import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';
import { userKeys } from '../common/users.queries';
import { ProblemError, type ProblemBody } from '../../api/problem';

export type HandoverReport = Schemas['HandoverReportResponse'];
export type HandoverReportRow = Schemas['HandoverReportRowResponse'];
export type AuditEvent = Schemas['AuditEventResponse'];
export type EmergencyAccess = Schemas['EmergencyAccessResponse'];

/** Query keys of the coordinators' pages, defined once. */
export const oversightKeys = {
  handoverReport: (from?: string, to?: string) => ['audit', 'handovers', from ?? '', to ?? ''] as const,
  events: (filters: AuditFilters) => ['audit', 'events', filters] as const,
  personLog: (personId: string) => ['audit', 'person', personId] as const,
  caseLog: (caseId: string) => ['audit', 'case', caseId] as const,
  emergency: (reviewed: boolean) => ['emergency-access', reviewed] as const,
  caseIndex: ['cases', 'oversight-index'] as const,
};

/** A 4xx is an answer to show (a step-up, a bad filter), not something to try again. */

export const useHandoverReport = (from?: string, to?: string) =>
  useQuery({
    queryKey: oversightKeys.handoverReport(from, to),
    // The route answers JSON or CSV by ?format=; asked for JSON, it is the report.
    queryFn: async () =>
      (await unwrap(api.GET('/api/audit/handovers', { params: { query: { from, to, format: 'json' } } }))) as HandoverReport,
    placeholderData: keepPreviousData,
  });

/**
 * The CSV as the API writes it, fetched with the in-memory token (a plain link would carry none)
 * and handed to the browser as a download. Semicolons, since Dutch spreadsheets split on them.
 */
export function useHandoverCsv() {
  return useMutation({
    mutationFn: async ({ from, to }: { from?: string; to?: string }) => {
      const { data, error, response } = await api.GET('/api/audit/handovers', {
        params: { query: { from, to, format: 'csv', delimiter: 'semicolon' } },
        parseAs: 'blob',
      });
      if (!response.ok || error !== undefined) throw new ProblemError(response.status, error as ProblemBody | undefined);
      return data as unknown as Blob;
    },
  });
}

export interface AuditFilters {
  caseId?: string;
  actorId?: string;
  personId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export const useAuditEvents = (filters: AuditFilters, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: oversightKeys.events(filters),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/audit/events', { params: { query: { ...filters, limit: 50, cursor: pageParam || undefined } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });

export const usePersonAccessLog = (personId: string) =>
  useInfiniteQuery({
    queryKey: oversightKeys.personLog(personId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/persons/{id}/access-log', {
          params: { path: { id: personId }, query: { limit: 50, cursor: pageParam || undefined } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Every case's reference by id, for the pages that the API answers with ids only (coordinators see all). */
export function useCaseIndex() {
  const query = useQuery({
    queryKey: oversightKeys.caseIndex,
    queryFn: () => unwrap(api.GET('/api/cases', { params: { query: { limit: 200 } } })),
    staleTime: 60_000,
  });
  return query;
}

export const useCasePersons = (caseId: string) =>
  useQuery({
    queryKey: ['cases', caseId],
    queryFn: () => unwrap(api.GET('/api/cases/{id}', { params: { path: { id: caseId } } })),
    enabled: caseId !== '',
  });

export const useEmergencyAccesses = (reviewed: boolean) =>
  useQuery({
    queryKey: oversightKeys.emergency(reviewed),
    queryFn: () => unwrap(api.GET('/api/emergency-access', { params: { query: { reviewed, limit: 200 } } })),
  });

export function useReviewEmergencyAccess(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ReviewEmergencyAccessDto']) =>
      unwrap(api.POST('/api/emergency-access/{id}/review', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['emergency-access'] }),
  });
}

export const useAuditVerify = () => useMutation({ mutationFn: () => unwrap(api.GET('/api/audit/verify', {})) });

/** The user directory (the same query as the names beside ids), for choosing an actor. */
export const useDirectory = () =>
  useQuery({
    queryKey: userKeys.directory,
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
  });
