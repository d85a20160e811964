import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** Query keys of the security feature, defined once. */
export const securityKeys = {
  me: ['me'] as const,
  flags: (status: 'open' | 'reviewed') => ['audit', 'flags', status] as const,
};

/** GET /api/me: where the user stands with the second factor (design.md §9). */
export const useMe = () => useQuery({ queryKey: securityKeys.me, queryFn: () => unwrap(api.GET('/api/me')) });

export const useStartEnrolment = () => useMutation({ mutationFn: () => unwrap(api.POST('/api/me/mfa/totp')) });

export const useConfirmEnrolment = () =>
  useMutation({ mutationFn: (code: string) => unwrap(api.POST('/api/me/mfa/totp/confirm', { body: { code } })) });

export const useFlags = (status: 'open' | 'reviewed') =>
  useQuery({
    queryKey: securityKeys.flags(status),
    queryFn: () => unwrap(api.GET('/api/audit/flags', { params: { query: { status, limit: 100 } } })),
  });

export const useReviewFlag = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      unwrap(api.POST('/api/audit/flags/{id}/review', { params: { path: { id } }, body: { note } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['audit', 'flags'] }),
  });
};
