import type { LoggerService } from '@nestjs/common';
import { requestContext } from '../context/request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';

const isStructured = (message: unknown): message is { msg: string } & Record<string, unknown> =>
  typeof message === 'object' && message !== null && !(message instanceof Error) && typeof (message as { msg?: unknown }).msg === 'string';

/**
 * One JSON object a line, with the request id of the flow that logged it. Callers pass messages and
 * ids, never personal data, tokens or passwords: nothing here could tell one from the other.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly minLevel: Level = process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
    private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  private static readonly order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

  write(level: Level, message: unknown, context?: string, extra?: Record<string, unknown>): void {
    if (JsonLogger.order[level] < JsonLogger.order[this.minLevel]) return;
    // A structured line: an object with a msg, its other fields beside it (the audit checkpoint).
    const fields = isStructured(message) ? message : undefined;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      msg: fields
        ? fields.msg
        : message instanceof Error
          ? message.message
          : typeof message === 'string'
            ? message
            : JSON.stringify(message),
    };
    if (fields) for (const [key, value] of Object.entries(fields)) if (!(key in line)) line[key] = value;
    if (context) line.context = context;
    const ctx = requestContext.current();
    if (ctx) line.requestId = ctx.requestId;
    if (extra) Object.assign(line, extra);
    this.out(JSON.stringify(line));
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    // Nest calls error(message, stack, context); the stack is kept because it names code, not people.
    const hasStack = context !== undefined;
    this.write('error', message, hasStack ? context : traceOrContext, hasStack && traceOrContext ? { stack: traceOrContext } : undefined);
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
