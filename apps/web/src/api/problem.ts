/** design.md §4: every error is problem+json; the web app knows one error type, built here. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  missing?: string[];
  requestId?: string;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code?: string;
  readonly errors: FieldProblem[];
  readonly missing: string[];
  readonly requestId?: string;

  constructor(status: number, body: ProblemBody | undefined) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.title = body?.title ?? '';
    this.detail = body?.detail ?? '';
    this.code = body?.code;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
    this.missing = Array.isArray(body?.missing) ? body.missing : [];
    this.requestId = body?.requestId;
  }

  /** The message the API gave for one field (`persons[0].firstName`), for display beside that field. */
  messageFor(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

/** A failure with no answer at all (offline, the server down): status 0, shown in words too. */
export class NetworkError extends ProblemError {
  constructor() {
    super(0, undefined);
    this.name = 'NetworkError';
  }
}

export const isProblem = (error: unknown): error is ProblemError => error instanceof ProblemError;

/**
 * TanStack Query's retry rule for the whole app: a refusal (4xx: not found, forbidden, a step-up
 * asked for) is an answer, not a hiccup, so it is shown at once; a network or server error is tried
 * twice more.
 */
export const retryUnlessRefused = (count: number, error: unknown): boolean => !(isProblem(error) && error.status < 500) && count < 2;
