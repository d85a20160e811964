import type { LoggerService } from '@nestjs/common';
import { requestContext } from '../context/request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';

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
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      msg: message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
    };
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
