import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * design.md §9: the refresh token as the browser keeps it. HttpOnly (no script reads it), Secure
 * (Chromium and Firefox keep Secure cookies on http://localhost, which they treat as trustworthy),
 * SameSite=Strict (no other site's page sends it), and sent only to /api/auth (refresh, logout).
 */
export const REFRESH_COOKIE = 'oneroof_refresh';
const ATTRIBUTES = 'HttpOnly; Secure; SameSite=Strict; Path=/api/auth';

export function setRefreshCookie(reply: FastifyReply, token: string, expiresAt: Date, now = new Date()): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  void reply.header('Set-Cookie', `${REFRESH_COOKIE}=${token}; Max-Age=${maxAge}; ${ATTRIBUTES}`);
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.header('Set-Cookie', `${REFRESH_COOKIE}=; Max-Age=0; ${ATTRIBUTES}`);
}

/** The cookie's value, read by hand: one cookie does not need a plugin. */
export function readRefreshCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
