import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
/** Every named schema of the document: `Schemas['CaseResponse']`. */
export type Schemas = components['schemas'];
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Where the API is: `https://oneroof.example` or `''` for the same origin (paths start with /api). */
  baseUrl: string;
  /** A fetch of your own (tests, a server, a proxy); the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** The access token, or a function asked before each request (a web app that refreshes it). */
  token?: string | (() => string | undefined | null | Promise<string | undefined | null>);
}

/**
 * A client typed by the committed OpenAPI document (libs/api-client/openapi.json): paths, bodies,
 * parameters and answers are checked by the compiler, so a change of a route breaks the build of its
 * callers. Answers are `{data, error, response}`: `error` is the problem+json of a 4xx or 5xx.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { token } = options;
  if (token !== undefined) {
    const bearer: Middleware = {
      async onRequest({ request }) {
        const value = typeof token === 'function' ? await token() : token;
        if (value && !request.headers.has('authorization')) request.headers.set('Authorization', `Bearer ${value}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
