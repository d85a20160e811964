import { useSyncExternalStore } from 'react';
import type { Schemas } from '@oneroof/api-client';
import { api, setTokenSource, unwrap } from '../api/client';
import { ProblemError } from '../api/problem';

export type User = Schemas['UserResponse'];

/**
 * An analyst and nothing else sees figures only (design.md §8): their start page is the figures and
 * the menu shows no case work. What to show, not what is allowed: the API refuses the rest.
 */
export const figuresOnly = (user: User): boolean => user.roles.length > 0 && user.roles.every((r) => r === 'analyst');

/**
 * design.md §9 and §10: the only place that knows about tokens. The access token lives in this
 * module's memory, never in localStorage or sessionStorage; after a reload the session comes back
 * through the HttpOnly refresh cookie, which no script can read. Signing out ends the session on
 * the server.
 */
type State = { status: 'restoring' } | { status: 'signed-out'; reason?: 'ended' } | { status: 'signed-in'; user: User };

let state: State = { status: 'restoring' };
let accessToken: string | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | undefined;
const listeners = new Set<() => void>();

function set(next: State) {
  state = next;
  listeners.forEach((l) => l());
}

function keep(answer: { accessToken: string; expiresIn: number; user: User }) {
  accessToken = answer.accessToken;
  clearTimeout(refreshTimer);
  // Renew a minute before the 15-minute token runs out, so that a form being typed never meets a 401.
  refreshTimer = setTimeout(() => void refresh(), Math.max(10, answer.expiresIn - 60) * 1000);
  set({ status: 'signed-in', user: answer.user });
}

function forget(reason?: 'ended') {
  accessToken = undefined;
  clearTimeout(refreshTimer);
  set({ status: 'signed-out', reason });
}

/**
 * One refresh at a time, in this tab and across tabs (Web Locks): a refresh token works once, and a
 * second tab presenting the same one would end the whole session as a reuse.
 */
export function refresh(): Promise<boolean> {
  inFlight ??= (async () => {
    const run = async () => {
      try {
        keep(await unwrap(api.POST('/api/auth/refresh', { body: {} })));
        return true;
      } catch (error) {
        if (error instanceof ProblemError && error.status === 401) forget(state.status === 'signed-in' ? 'ended' : undefined);
        return false;
      }
    };
    try {
      return navigator.locks ? await navigator.locks.request('oneroof-refresh', run) : await run();
    } finally {
      inFlight = undefined;
    }
  })();
  return inFlight;
}

/**
 * design.md §9: the password step. A user with a second factor gets back the single-use mfaToken of
 * the second step instead of a session; the page then asks for a code.
 */
export async function signIn(email: string, password: string): Promise<{ mfaToken: string } | undefined> {
  const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
  if ('mfaToken' in answer) return { mfaToken: answer.mfaToken };
  keep(answer);
  return undefined;
}

/** The second step: a code from the app, or one of the recovery codes. */
export async function signInWithCode(mfaToken: string, proof: { code: string } | { recoveryCode: string }): Promise<void> {
  keep(await unwrap(api.POST('/api/auth/login/mfa', { body: { mfaToken, ...proof } })));
}

/** design.md §9 step-up: a current code answers a fresh access token, kept like any other. */
export async function stepUp(code: string): Promise<void> {
  const answer = await unwrap(api.POST('/api/auth/step-up', { body: { code } }));
  accessToken = answer.accessToken;
}

export async function signOut(): Promise<void> {
  try {
    // The cookie goes along (Path=/api/auth); the bearer names the session too.
    const token = accessToken;
    await unwrap(api.POST('/api/auth/logout', { body: {}, headers: token ? { Authorization: `Bearer ${token}` } : {} }));
  } finally {
    forget();
  }
}

/** On load: a session kept by the cookie comes back without asking for the password. */
export async function restore(): Promise<void> {
  if (!(await refresh()) && state.status === 'restoring') forget();
}

setTokenSource({ accessToken: () => accessToken, refresh });

export function useSession(): State {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
