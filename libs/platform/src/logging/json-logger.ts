import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino, type LevelWithSilent } from 'pino';
import { requestContext } from '../context/request-context';

/** LOG_LEVEL's values: pino's levels. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys whose values never reach a log line, at any depth of a structured line (issue 16): the
 * credentials (authorization headers, cookies, tokens, passwords, secrets) and the names and
 * addresses of people.
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'jwtSecret',
  'auditSigningKey',
  'name',
  'fromName',
  'toName',
  'email',
];
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (safe.startsWith('[') ? `${prefix}${safe}` : `${prefix}.${safe}`);
  return [safe, join('*'), join('*.*'), join('*.*.*')];
});
export const REDACTED = '[redacted]';

/**
 * And in text: a bearer token, anything shaped like a JWT, and a password written as `password: x`
 * or `"password":"x"`, for the message that quotes what it should not.
 */
export function scrubText(text: string): string {
  return text
    .replace(/\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi, `Bearer ${REDACTED}`)
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(/("?(?:password|secret|token)"?\s*[:=]\s*)("[^"]*"|[^\s,}&]+)/gi, `$1${REDACTED}`);
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

/** One pino logger of a process: JSON lines with `level` as a word, ISO time, the service and the request id of the flow. */
export function createPino(service: string, level: LogLevel, out?: (line: string) => void): Pino {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      mixin: () => {
        const ctx = requestContext.current();
        return ctx ? { requestId: ctx.requestId } : {};
      },
      hooks: {
        logMethod(args, method) {
          // Text arguments (the message and its interpolations) are scrubbed like fields are redacted.
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    out ? { write: (line: string) => out(line.replace(/\n$/, '')) } : pino.destination({ dest: 1, sync: true }),
  );
}

const isStructured = (message: unknown): message is { msg: string } & Record<string, unknown> =>
  typeof message === 'object' && message !== null && !(message instanceof Error) && typeof (message as { msg?: unknown }).msg === 'string';

/**
 * Nest's logger over pino. Callers pass messages and ids; a structured line is an object with a
 * `msg` and its fields beside it (the audit checkpoint). Whatever they pass, the keys above are
 * redacted and tokens and passwords in text are scrubbed.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Pino;

  constructor(
    service: string,
    minLevel: LogLevel | 'verbose' = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
    out?: (line: string) => void,
  ) {
    const level: LevelWithSilent = minLevel === 'verbose' ? 'debug' : LOG_LEVELS.includes(minLevel) ? minLevel : 'info';
    this.pino = createPino(service, level, out);
  }

  private write(level: 'debug' | 'info' | 'warn' | 'error', message: unknown, context?: string, extra?: Record<string, unknown>): void {
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (extra) Object.assign(fields, extra);
    let msg: string;
    if (isStructured(message)) {
      const { msg: text, ...rest } = message;
      Object.assign(fields, scrubDeep(rest));
      msg = text;
    } else if (message instanceof Error) {
      msg = message.message;
    } else {
      msg = typeof message === 'string' ? message : JSON.stringify(scrubDeep(message));
    }
    this.pino[level](fields, msg);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    // Nest calls error(message, stack, context); the stack is kept because it names code, not people.
    const hasStack = context !== undefined;
    this.write(
      'error',
      message,
      hasStack ? context : traceOrContext,
      hasStack && traceOrContext ? { stack: scrubText(traceOrContext) } : undefined,
    );
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
}
