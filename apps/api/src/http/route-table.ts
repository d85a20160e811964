/**
 * The routes the app serves, by method and pattern, so that a request for a known path with another
 * method gets 405 with Allow (RFC 9110 §15.5.6) rather than a 404 that suggests a wrong address.
 * Fastify has no 405 of its own; its router only answers "no route for this method and path".
 * Patterns match the path exactly: an address with a trailing slash is another address, which no
 * route has, so it is a 404 like any unknown one (issue 15 finding 13; before, `/api/cases/` said
 * "does not take GET; it takes GET, POST").
 */
export class RouteTable {
  private readonly routes: { method: string; pattern: RegExp }[] = [];

  add(method: string | string[], url: string): void {
    const pattern = new RegExp(
      `^${url
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')}$`,
    );
    for (const m of Array.isArray(method) ? method : [method]) this.routes.push({ method: m.toUpperCase(), pattern });
  }

  /** The methods served at this path (without query string), in a stable order; empty when none. */
  methodsAt(path: string): string[] {
    const methods = new Set(this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method));
    return [...methods].sort();
  }
}
