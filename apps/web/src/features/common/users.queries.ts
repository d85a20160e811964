import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const userKeys = { directory: ['users', 'directory'] as const };

/** The user directory (design.md §4 GET /api/users): names for ids, and colleagues to add to a team. */
export const useUserDirectory = () =>
  useQuery({
    queryKey: userKeys.directory,
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
  });

/** Names for the ids the API answers with (team, authors, senders), from the directory. */
export function useUserNames(): (id: string | null | undefined) => string {
  const query = useUserDirectory();
  const names = new Map((query.data?.items ?? []).map((u) => [u.id, u.name]));
  return (id) => (id ? (names.get(id) ?? '—') : '—');
}
