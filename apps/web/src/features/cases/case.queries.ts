import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const caseKeys = {
  detail: (id: string) => ['cases', id] as const,
  entries: (id: string) => ['cases', id, 'entries'] as const,
  timeline: (id: string) => ['cases', id, 'timeline'] as const,
  interviews: (id: string) => ['cases', id, 'interviews'] as const,
  examinations: (id: string) => ['cases', id, 'examinations'] as const,
};

/** A 404 is an answer (the not-found page), not something to try again. */

export const useCase = (id: string) =>
  useQuery({ queryKey: caseKeys.detail(id), queryFn: () => unwrap(api.GET('/api/cases/{id}', { params: { path: { id } } })) });

export const useEntries = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: caseKeys.entries(id),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/entries', { params: { path: { id }, query: { limit: 100 } } })),
    enabled,
  });

export const useTimeline = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/timeline', { params: { path: { id }, query: { limit: 200 } } })),
    enabled,
  });

export const useInterviews = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: caseKeys.interviews(id),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/interviews', { params: { path: { id }, query: { limit: 100 } } })),
    enabled,
  });

export const useExaminations = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: caseKeys.examinations(id),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/examinations', { params: { path: { id }, query: { limit: 100 } } })),
    enabled,
  });
