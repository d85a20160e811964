import { createApiClient, type ApiClient } from '@oneroof/api-client';
import { NetworkError, ProblemError, type ProblemBody } from './problem';

/**
 * The one client of the web app, typed by the committed OpenAPI document. Its fetch attaches the
 * in-memory access token and, on a 401, asks the session to refresh once and retries once. Pages
 * never call it: query hooks per feature do.
 */
export interface TokenSource {
  accessToken(): string | undefined;
  /** Refreshes the access token; false when the session has ended. */
  refresh(): Promise<boolean>;
}

let tokens: TokenSource = { accessToken: () => undefined, refresh: async () => false };
export const setTokenSource = (source: TokenSource) => {
  tokens = source;
};

/** Auth routes authenticate by password or cookie: a 401 there is an answer, not a stale token. */
const NO_RETRY = /\/api\/auth\//;
/** Step-up (design.md §9) is an auth route that does take the bearer: it proves a second factor for it. */
const WITH_TOKEN = /\/api\/auth\/step-up$/;

/** A 401 that asks for a step-up is not a stale token: refreshing would not change it. */
async function asksForStepUp(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return body.code === 'STEP_UP_REQUIRED';
  } catch {
    return false;
  }
}

async function send(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const withToken = (r: Request) => {
    const token = tokens.accessToken();
    if (token && (!NO_RETRY.test(r.url) || WITH_TOKEN.test(r.url))) r.headers.set('Authorization', `Bearer ${token}`);
    return r;
  };
  const retry = request.clone();
  let response: Response;
  try {
    response = await fetch(withToken(request));
    if (response.status === 401 && !NO_RETRY.test(request.url) && !(await asksForStepUp(response)) && (await tokens.refresh())) {
      response = await fetch(withToken(retry));
    }
  } catch {
    throw new NetworkError();
  }
  return response;
}

export const api: ApiClient = createApiClient({ baseUrl: '', fetch: send });

/** openapi-fetch answers `{data, error, response}`; this turns an error answer into a ProblemError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw new ProblemError(response.status, error as ProblemBody | undefined);
  return data as T;
}
