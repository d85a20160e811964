import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';
import { userKeys } from '../common/users.queries';

export type Organisation = Schemas['OrganisationResponse'];
export type AdminUser = Schemas['UserResponse'];
export type Session = Schemas['SessionResponse'];
export type DeadLetter = Schemas['DeadLetterResponse'];

/** Query keys of the admin pages, defined once. The user list shares the directory's key, so names stay current. */
export const adminKeys = {
  organisations: ['organisations'] as const,
  users: userKeys.directory,
  sessions: ['sessions', 'mine'] as const,
  deadLetters: ['admin', 'dead-letters'] as const,
};

export const useOrganisations = () =>
  useQuery({
    queryKey: adminKeys.organisations,
    queryFn: () => unwrap(api.GET('/api/organisations', { params: { query: { limit: 200 } } })),
  });

export function useCreateOrganisation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateOrganisationDto']) => unwrap(api.POST('/api/organisations', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.organisations }),
  });
}

export const useUsers = () =>
  useQuery({
    queryKey: adminKeys.users,
    // The directory lists active users; an admin asks for the deactivated ones apart (design issue 14),
    // and this page shows both so that a deactivated user can be found and reactivated.
    queryFn: async () => {
      const [active, deactivated] = await Promise.all([
        unwrap(api.GET('/api/users', { params: { query: { limit: 200 } } })),
        unwrap(api.GET('/api/users', { params: { query: { limit: 200, active: 'false' } } })),
      ]);
      return { items: [...active.items, ...deactivated.items], nextCursor: active.nextCursor ?? deactivated.nextCursor };
    },
    staleTime: 5 * 60_000,
  });

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateUserDto']) => unwrap(api.POST('/api/users', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useUpdateUser(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateUserDto']) => unwrap(api.PATCH('/api/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export const useEndUserSessions = (id: string) =>
  useMutation({ mutationFn: () => unwrap(api.DELETE('/api/users/{id}/sessions', { params: { path: { id } } })) });

/** design.md §9: an admin clears a user's second factor (a lost phone); they set up a new one at their next sign-in. */
export const useResetSecondFactor = (id: string) =>
  useMutation({ mutationFn: () => unwrap(api.DELETE('/api/users/{id}/mfa', { params: { path: { id } } })) });

export const useMySessions = () =>
  useQuery({ queryKey: adminKeys.sessions, queryFn: () => unwrap(api.GET('/api/me/sessions', { params: { query: { limit: 200 } } })) });

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/me/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.sessions }),
  });
}

export const useDeadLetters = () =>
  useQuery({
    queryKey: adminKeys.deadLetters,
    queryFn: () => unwrap(api.GET('/api/admin/outbox/dead-letters', { params: { query: { limit: 100 } } })),
  });

/** Back into the outbox; the list is read again, where the event shows as sent round (or dead again, later). */
export function useRetryDeadLetter() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/admin/outbox/dead-letters/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.deadLetters }),
  });
}
