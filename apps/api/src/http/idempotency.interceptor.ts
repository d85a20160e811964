import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { CaseGate, gatedWorkSoFar, runAsGatedRequest } from '@oneroof/access';
import { AuditWriter, STANDING_PURPOSE } from '@oneroof/audit';
import type { Actor } from '@oneroof/identity';
import { Db, invalid } from '@oneroof/platform';
import { ApiError } from '../common/api-errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * JSON with sorted keys, so that the same body in another key order is the same request. Without
 * recursion: this runs before validation, on bodies nested arbitrarily deep (the pipe refuses those).
 */
function canonical(value: unknown): string {
  const out: string[] = [];
  // What is still to write, last first: values, and the punctuation and keys between them.
  const todo: ({ value: unknown } | { text: string })[] = [{ value }];
  while (todo.length > 0) {
    const step = todo.pop()!;
    if ('text' in step) {
      out.push(step.text);
    } else if (Array.isArray(step.value)) {
      const items = step.value as unknown[];
      todo.push({ text: ']' });
      for (let i = items.length - 1; i >= 0; i--) {
        todo.push({ value: items[i] }, { text: i > 0 ? ',' : '' });
      }
      todo.push({ text: '[' });
    } else if (step.value !== null && typeof step.value === 'object') {
      const record = step.value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      todo.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push({ value: record[keys[i]] }, { text: `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:` });
      }
      todo.push({ text: '{' });
    } else {
      out.push(JSON.stringify(step.value) ?? 'null');
    }
  }
  return out.join('');
}

/**
 * design.md §4: a write retried with the same Idempotency-Key and body returns the first answer and
 * does nothing twice; the same key with another body gets 422. The key row is inserted in the same
 * transaction as the work (services join it), so a key exists exactly when its work committed, and
 * a concurrent retry waits on the first one's insert instead of racing it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditWriter) private readonly audit: AuditWriter,
    @Inject(CaseGate) private readonly gate: CaseGate,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Actor }>();
    const reply = http.getResponse<FastifyReply>();
    const given = request.headers['idempotency-key'];
    if (given === undefined || !['POST', 'PATCH', 'PUT', 'DELETE'].includes(request.method)) return next.handle();
    if (typeof given !== 'string' || !KEY_PATTERN.test(given)) {
      throw invalid([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' }]);
    }
    // Only callers with an identity can own a key; the public routes (login) are not keyed.
    const actor = request.user;
    if (!actor) return next.handle();
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${canonical(request.body ?? null)}`)
      .digest('hex');

    // A refused or failed case operation is audited after this transaction ends (case-gate.ts).
    return from(
      runAsGatedRequest(() =>
        this.db.transaction(async (tx) => {
          const claimed = await tx.query(
            `INSERT INTO idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
            [actor.id, given, requestHash],
          );
          if (claimed.length === 0) {
            const first = await tx.one<{
              request_hash: string;
              status_code: number;
              response: string | null;
              case_id: string | null;
              person_ids: string[];
            }>(`SELECT request_hash, status_code, response, case_id, person_ids FROM idempotency_keys WHERE actor_id = $1 AND key = $2`, [
              actor.id,
              given,
            ]);
            if (!first || first.request_hash !== requestHash) {
              throw new ApiError('rule', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request.', {
                errors: [{ field: 'Idempotency-Key', message: 'Idempotency-Key was used before with a different request' }],
              });
            }
            // A replay hands the first answer out again. When that answer came from a case, it is decided
            // and audited as a read of that case now: whoever has lost access since gets the same 404.
            if (first.case_id) {
              await this.gate.replay(actor, first.case_id, first.person_ids);
            } else {
              await this.audit.record(tx, {
                actor,
                action: 'request.replay',
                resourceType: 'idempotency_key',
                outcome: 'success',
                purpose: STANDING_PURPOSE.administration,
              });
            }
            void reply.status(first.status_code).header('Idempotent-Replayed', 'true');
            return first.response === null ? undefined : (JSON.parse(first.response) as unknown);
          }
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          // Nest sets the status only after interceptors return; errors never get here (they roll back).
          const status = defaultStatus(context, request.method);
          const touched = gatedWorkSoFar();
          await tx.query(
            `UPDATE idempotency_keys SET status_code = $3, response = $4, case_id = $5, person_ids = $6 WHERE actor_id = $1 AND key = $2`,
            [
              actor.id,
              given,
              status,
              result === undefined ? null : JSON.stringify(result),
              touched?.caseId ?? null,
              touched?.personIds ?? [],
            ],
          );
          return result;
        }),
      ),
    );
  }
}

/** The status Nest will answer with: @HttpCode if the handler has one, else 201 for POST and 200 otherwise. */
function defaultStatus(context: ExecutionContext, method: string): number {
  const declared = Reflect.getMetadata('__httpCode__', context.getHandler()) as number | undefined;
  return declared ?? (method === 'POST' ? 201 : 200);
}
