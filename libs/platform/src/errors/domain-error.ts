/**
 * Services speak in domain errors; only the HTTP edge knows status codes. The kind says how the
 * edge must answer, the code says precisely what went wrong (stable, for clients and tests).
 */
export type DomainErrorKind =
  | 'invalid' // the body or query is malformed: 400
  | 'unauthenticated' // 401
  | 'forbidden' // the caller may see it but may not do this: 403
  | 'not_found' // does not exist for this caller: 404
  | 'conflict' // stale version or a state that forbids the action: 409
  | 'too_large' // 413
  | 'rule' // a rule the body breaks: 422
  | 'rate_limited'; // 429

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly extras: {
      errors?: FieldProblem[];
      missing?: string[];
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'resource'): DomainError => new DomainError('not_found', 'NOT_FOUND', `The ${what} does not exist.`);

export const invalid = (errors: FieldProblem[], message = 'The request is invalid.'): DomainError =>
  new DomainError('invalid', 'INVALID_INPUT', message, { errors });
