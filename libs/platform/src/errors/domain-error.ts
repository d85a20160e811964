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

export interface DomainErrorExtras {
  errors?: FieldProblem[];
  missing?: string[];
  retryAfterSeconds?: number;
}

/**
 * One class for every domain error, so that the edge has one thing to map (problem.filter.ts). Its
 * code is a string to the edge; a context never throws one directly but through its own typed
 * constructor (`domainErrorOf<CasesErrorCode>()`), so that every code it answers with is one member
 * of its union, and a typo or a code of another context does not compile. ESLint refuses
 * `new DomainError(` outside this folder.
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: Code,
    message: string,
    readonly extras: DomainErrorExtras = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** DomainError's constructor narrowed to the codes of one context. */
export type TypedDomainError<Code extends string> = new (
  kind: DomainErrorKind,
  code: Code,
  message: string,
  extras?: DomainErrorExtras,
) => DomainError<Code>;

/** `export const CasesError = domainErrorOf<CasesErrorCode>()`: the same class, with the context's codes only. */
export const domainErrorOf = <Code extends string>(): TypedDomainError<Code> => DomainError as TypedDomainError<Code>;

/** The codes platform itself answers with. */
export type PlatformErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'STALE_VERSION';
export const PlatformError = domainErrorOf<PlatformErrorCode>();

export const notFound = (what = 'resource'): DomainError<PlatformErrorCode> =>
  new PlatformError('not_found', 'NOT_FOUND', `The ${what} does not exist.`);

export const invalid = (errors: FieldProblem[], message = 'The request is invalid.'): DomainError<PlatformErrorCode> =>
  new PlatformError('invalid', 'INVALID_INPUT', message, { errors });
