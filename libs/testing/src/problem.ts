import type { Response } from 'supertest';

/** Asserts that a response is problem+json with the given status, and returns its body. */
export function problemOf(
  response: Response,
  status: number,
): {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: { field: string; message: string }[];
  missing?: string[];
} {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body ?? response.text).slice(0, 500)}`);
  }
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json')) throw new Error(`expected application/problem+json, got ${contentType}`);
  const body = JSON.parse(response.text);
  for (const key of ['type', 'title', 'status', 'detail']) {
    if (!(key in body)) throw new Error(`problem body lacks ${key}: ${response.text}`);
  }
  if (body.status !== status) throw new Error(`problem status ${body.status} differs from HTTP status ${status}`);
  return body;
}
