import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export const userKeys = { directory: ['users', 'directory'] as const };

/** Names for the ids the API answers with (team, authors, senders), from the directory. */
export function useUserNames(): (id: string | null | undefined) => string {
  const query = useQuery({
    queryKey: userKeys.directory,
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
  });
  const names = new Map((query.data?.items ?? []).map((u) => [u.id, u.name]));
  return (id) => (id ? (names.get(id) ?? '—') : '—');
}
