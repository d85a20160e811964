import { SetMetadata } from '@nestjs/common';

/**
 * What the OpenAPI document says beyond what Nest and class-validator know by themselves; read by
 * document.ts, which adds the statuses every operation answers by its shape (401 without a token,
 * 400 for its inputs, 404 for its path, 413/415/422 for a write, 403 for @Roles).
 */
export const API_PROBLEMS = 'oneroof:openapi:problems';
export const REFUSES_IDEMPOTENCY_KEY = 'oneroof:openapi:refuses-idempotency-key';

/** The problem+json statuses a domain rule of this route answers (403 by discipline or team role, 409 state or version, 422 rule, 429). */
export type DomainProblemStatus = 403 | 404 | 409 | 422 | 429 | 503;

/** On a controller or a route; a route's list adds to its controller's. */
export const ApiProblems = (...statuses: DomainProblemStatus[]) => SetMetadata(API_PROBLEMS, statuses);

/** A write that refuses an Idempotency-Key (400) instead of replaying: the document offers none. */
export const RefusesIdempotencyKey = () => SetMetadata(REFUSES_IDEMPOTENCY_KEY, true);
