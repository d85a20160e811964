import { requestContext } from '../context/request-context';
import { JsonLogger, scrubText } from './json-logger';

/** Issue 16: logs through pino, with credentials and persons' names redacted whatever a caller passes. */
describe('JsonLogger (pino)', () => {
  const capture = (level: 'debug' | 'info' = 'info') => {
    const lines: string[] = [];
    return { lines, logger: new JsonLogger('api', level, (line) => lines.push(line)), parsed: () => lines.map((l) => JSON.parse(l)) };
  };

  it('writes one JSON line with level, time, service, context and the request id of the flow', () => {
    const { logger, parsed } = capture();
    requestContext.run({ requestId: 'req-1', ip: '', userAgent: '' }, () => logger.log('hello', 'Test'));
    expect(parsed()).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'api',
        context: 'Test',
        requestId: 'req-1',
        msg: 'hello',
      },
    ]);
  });

  it('keeps the fields of a structured line and redacts credentials and names at any depth', () => {
    const { logger, lines, parsed } = capture();
    logger.log({
      msg: 'login',
      password: 'hunter2-secret',
      headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session=s3cr3t', 'set-cookie': 'refresh=r3fr3sh' },
      body: { email: 'j.devries@vt.example', user: { name: 'Jan de Vries', token: 'tok-123' } },
      accessToken: 'eyJhbGciOi.payload.sig',
      position: '12',
    });
    const [line] = parsed();
    expect(line).toMatchObject({ msg: 'login', position: '12', password: '[redacted]', accessToken: '[redacted]' });
    expect(line.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]' });
    expect(line.body).toEqual({ email: '[redacted]', user: { name: '[redacted]', token: '[redacted]' } });
    for (const secret of ['hunter2', 'abc.def', 's3cr3t', 'r3fr3sh', 'j.devries', 'Jan de Vries', 'tok-123', 'eyJhbG']) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('scrubs bearer tokens, JWTs and password assignments out of text, messages and stacks included', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(scrubText(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer [redacted]');
    expect(scrubText(`token ${jwt} seen`)).toBe('token [redacted] seen');
    expect(scrubText('{"email":"a@b","password":"hunter2 hunter2"}')).toBe('{"email":"a@b","password":[redacted]}');
    expect(scrubText('password=hunter2&x=1')).toBe('password=[redacted]&x=1');
    const { logger, lines } = capture();
    logger.warn(`refused Bearer ${jwt}`);
    logger.error(`failed with password: hunter2`, `Error: at ${jwt}\n    at x`, 'Ctx');
    expect(lines.join('\n')).not.toMatch(/hunter2|eyJhbGci/);
  });

  it('LOG_LEVEL decides what is written', () => {
    const info = capture('info');
    info.logger.debug('not written');
    expect(info.lines).toEqual([]);
    const debug = capture('debug');
    debug.logger.debug('written');
    expect(debug.parsed()[0]).toMatchObject({ level: 'debug', msg: 'written' });
  });
});
