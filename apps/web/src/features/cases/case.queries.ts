import { useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
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

/** The items of every page loaded so far, in the API's order. */
export const itemsOf = <T>(data: InfiniteData<{ items: T[] }>): T[] => data.pages.flatMap((page) => page.items);

/**
 * The journal and the timeline page with the API's cursors: the first page as before, "Meer laden"
 * (LoadMore) asks for the next one with the cursor the last page gave, until there is none.
 */
export const useEntries = (id: string, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: caseKeys.entries(id),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/cases/{id}/entries', { params: { path: { id }, query: { limit: 100, cursor: pageParam || undefined } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });

export const useTimeline = (id: string, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/cases/{id}/timeline', { params: { path: { id }, query: { limit: 200, cursor: pageParam || undefined } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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
