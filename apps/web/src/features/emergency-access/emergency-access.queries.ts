import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, unwrap } from '../../api/client';

/**
 * When this user's emergency access to a case ends, as the API answered the grant. The case read
 * does not say it, so the page keeps the answer: in memory, and in sessionStorage so that a reload
 * in the same tab keeps the banner (a case id and a time, no token and nothing personal). The API
 * alone decides access: once it ends, the case answers 404 whatever is kept here.
 */
const KEY = 'oneroof.emergencyAccess';
const listeners = new Set<() => void>();
let cache: Record<string, string> | undefined;

function read(): Record<string, string> {
  if (cache) return cache;
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
    cache = parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    cache = {};
  }
  return cache;
}

export function rememberGrant(caseId: string, expiresAt: string): void {
  cache = { ...read(), [caseId]: expiresAt };
  sessionStorage.setItem(KEY, JSON.stringify(cache));
  listeners.forEach((l) => l());
}

export function useGrantExpiry(caseId: string): string | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => read()[caseId],
  );
}

export function useBreakGlass(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST('/api/cases/{id}/emergency-access', { params: { path: { id: caseId } }, body: { reason } })),
    onSuccess: (grant) => {
      rememberGrant(caseId, grant.expiresAt);
      // The case answered 404 before: read it again now that the glass is broken.
      return client.invalidateQueries({ queryKey: ['cases', caseId] });
    },
  });
}
