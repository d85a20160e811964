import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** Query keys of "my work", defined once. */
export const workKeys = {
  cases: ['cases', 'mine'] as const,
  agenda: (from: string, to: string) => ['follow-ups', 'mine', from, to] as const,
  handovers: (direction: 'incoming' | 'outgoing') => ['handovers', direction] as const,
  notifications: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
};

/** How often the unread count asks again: it changes without a reload, and while the tab is visible only. */
export const UNREAD_POLL_MS = 15_000;

export const useMyCases = () =>
  useQuery({ queryKey: workKeys.cases, queryFn: () => unwrap(api.GET('/api/cases', { params: { query: { limit: 50 } } })) });

/** Monday 00:00 to the next Monday, in the user's own week. */
export function weekOf(now: Date): { from: string; to: string } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  const end = new Date(start);
  end.setDate(end.getDate() + 7);
  return { from: start.toISOString(), to: end.toISOString() };
}

export const useMyAgenda = (from: string, to: string) =>
  useQuery({
    queryKey: workKeys.agenda(from, to),
    queryFn: () => unwrap(api.GET('/api/me/follow-ups', { params: { query: { from, to, limit: 200 } } })),
  });

export const useMyHandovers = (direction: 'incoming' | 'outgoing') =>
  useQuery({
    queryKey: workKeys.handovers(direction),
    queryFn: () => unwrap(api.GET('/api/handovers', { params: { query: { direction, limit: 50 } } })),
  });

export const useNotifications = () =>
  useQuery({
    queryKey: workKeys.notifications,
    queryFn: () => unwrap(api.GET('/api/me/notifications', { params: { query: { limit: 20 } } })),
    refetchInterval: UNREAD_POLL_MS,
  });

export const useUnreadCount = (enabled: boolean) =>
  useQuery({
    queryKey: workKeys.unread,
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/me/notifications', { params: { query: { unread: true, limit: 200 } } }));
      return { count: page.items.length, more: page.nextCursor !== null };
    },
    enabled,
    refetchInterval: UNREAD_POLL_MS,
  });

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: workKeys.notifications }),
  });
}
