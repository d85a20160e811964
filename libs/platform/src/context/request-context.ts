import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and audit event of one request needs to know about where it came from. */
export interface RequestContext {
  requestId: string;
  ip: string;
  userAgent: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  /** Enters the context for the rest of the current async flow (used from a Fastify hook). */
  enter(context: RequestContext): void {
    storage.enterWith(context);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
