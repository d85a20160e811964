import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { createTestApp, problemOf, type TestContext, type TestUser } from '@oneroof/testing';
import request from 'supertest';

/**
 * Issue 15 finding 11: every answer the server writes is problem+json with a request id, also those
 * that Fastify and Node write before any route runs. Framing and header size need a raw socket:
 * no HTTP client sends what these tests send.
 */
describe('answers written before any route: problem+json with a request id', () => {
  let ctx: TestContext;
  let user: TestUser;
  let port: number;

  /** Writes bytes on a fresh connection and reads the answer until the server closes it. */
  const raw = (bytes: string) =>
    new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head, ...rest] = text.split('\r\n\r\n');
        const [statusLine, ...headerLines] = head.split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of headerLines) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
      });
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer in time')));
      socket.write(bytes);
    });

  const expectProblem = (answer: { status: number; headers: Record<string, string>; body: string }, status: number, code: string) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(answer.body) as {
      status: number;
      code: string;
      requestId: string;
      title: string;
      detail: string;
      type: string;
    };
    expect(body).toMatchObject({
      status,
      code,
      type: expect.stringMatching(/^urn:oneroof:problem:/),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-request-id']).toBe(body.requestId);
    return body;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    user = await ctx.factory.user({ discipline: 'police' });
    await ctx.app.listen(0, '127.0.0.1');
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ctx?.close());

  it('a path parameter over 100 characters: 414 problem+json that does not echo the path', async () => {
    const long = 'x'.repeat(101) + 'secret-in-path';
    const response = await request(ctx.app.getHttpServer())
      .get(`/api/cases/${long}`)
      .set('Authorization', user.auth)
      .set('X-Request-Id', 'long-param-1');
    const body = problemOf(response, 414);
    expect(body).toMatchObject({ code: 'URI_TOO_LONG', requestId: 'long-param-1' });
    expect(response.headers['x-request-id']).toBe('long-param-1');
    expect(response.text).not.toContain('secret-in-path');
  });

  it('a malformed escape in a path parameter: 400 problem+json', async () => {
    const response = await request(ctx.app.getHttpServer()).get('/api/cases/%E0%A4%A').set('Authorization', user.auth);
    expect(problemOf(response, 400)).toMatchObject({ code: 'BAD_URL', requestId: expect.any(String) });
    expect(response.headers['x-request-id']).toBe((response.body as { requestId: string }).requestId);
  });

  it.each([
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n'],
    ['a header line without a colon', 'GET /health/live HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
    ['a Content-Length that is not a number', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'],
    [
      'both Content-Length and chunked',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
    ],
  ])('malformed framing (%s): 400 problem+json', async (_name, bytes) => {
    expectProblem(await raw(bytes), 400, 'MALFORMED_REQUEST');
  });

  it('headers over 16 kB: 431 problem+json', async () => {
    const answer = await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`);
    expectProblem(answer, 431, 'HEADERS_TOO_LARGE');
    expect(answer.body).not.toContain('aaaa');
  });

  it('a well-formed request on the same server is answered as usual', async () => {
    const answer = await raw('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});
