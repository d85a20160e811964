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

/** A field message of the API as one of the app's own texts: `problem.field.<rule>` with its values. */
export interface FieldMessageText {
  id: string;
  values: Record<string, string | number>;
}

/**
 * The API words its field messages in English (class-validator's, and its own rules' in the same
 * form: `reason must be longer than or equal to 20 characters`). The common ones are recognised
 * here, so that the page can say them in the user's language beside the field, which keeps its own
 * label; a message not in this table is shown as the API wrote it, never dropped. Only the words are
 * translated: the rule, and whether the input broke it, stay the API's (architecture.md: the server
 * decides, the page shows).
 */
const FIELD_RULES: [RegExp, string, (m: RegExpMatchArray) => Record<string, string | number>][] = [
  [/^is required(?:: .*)?$/, 'required', () => ({})],
  [/^should not be empty$|^must not be empty$/, 'empty', () => ({})],
  [/^must be (?:longer than or equal to|at least) (\d+) characters?$/, 'minLength', (m) => ({ n: Number(m[1]) })],
  [/^must be shorter than or equal to (\d+) characters?$/, 'maxLength', (m) => ({ n: Number(m[1]) })],
  [/^must be (?:a UUID|UUIDs)$/, 'uuid', () => ({})],
  [/^must be an ISO 8601 date-time with a time zone.*in the years (\d+) to (\d+)$/, 'dateTime', (m) => ({ from: m[1], to: m[2] })],
  [/^must be a date YYYY-MM-DD in the years (\d+) to (\d+)$/, 'date', (m) => ({ from: m[1], to: m[2] })],
  [/^must be a valid ISO 8601 date string$/, 'dateTimeAny', () => ({})],
  [/^must be one of (?:the following values: )?(.+)$/, 'oneOf', (m) => ({ values: m[1] })],
  [/^must be a string$/, 'string', () => ({})],
  [/^must be a number(?: conforming to the specified constraints)?$/, 'number', () => ({})],
  [/^must be an integer number$|^must hold whole minutes$/, 'integer', () => ({})],
  [/^must be a positive number$/, 'positive', () => ({})],
  [/^must not be less than (-?[\d.]+)$/, 'min', (m) => ({ n: m[1] })],
  [/^must not be greater than (-?[\d.]+)$/, 'max', (m) => ({ n: m[1] })],
  [/^must be (?:a boolean value|true or false)$/, 'boolean', () => ({})],
  [/^must be an email$/, 'email', () => ({})],
  [/^must be an array$/, 'array', () => ({})],
  [/^must contain at least (\d+) elements?$/, 'minItems', (m) => ({ n: Number(m[1]) })],
  [/^must contain no more than (\d+) elements?$/, 'maxItems', (m) => ({ n: Number(m[1]) })],
  [/^is not a known field$/, 'unknownField', () => ({})],
  [/^must not (?:lie|be) in the future$/, 'notFuture', () => ({})],
  [/^must lie in the future$/, 'future', () => ({})],
  [/^must (?:lie|be) after (\S+)$/, 'after', (m) => ({ other: m[1] })],
  [/^names someone who is not on the case team$/, 'notOnTeam', () => ({})],
  [/^names a person who is not part of this case$/, 'notInCase', () => ({})],
  [/^names a user who does not exist$/, 'noSuchUser', () => ({})],
  [/^must be GM and four digits, e\.g\. GM\d{4}$/, 'municipalityCode', () => ({})],
  [/^must be 64 hexadecimal characters$/, 'sha256', () => ({})],
  [/^must not contain the NUL character \(\\u0000\)$/, 'nul', () => ({})],
  // The handover checklist's one rule of two fields (design.md §2): informed, or a reason why not.
  [/^must be true, or familyNotInformedReason given$/, 'informedOrReason', () => ({})],
];

/**
 * The few rules whose message does not begin with the field's name (the conference record's, design.md
 * §7), recognised as a whole.
 */
const WHOLE_MESSAGE_RULES: [RegExp, string][] = [
  [/^a reason is required when the (?:family was not informed|child was not heard)$/, 'reasonRequired'],
  [/^the child's view is recorded as a summary when \w+$/, 'childViewSummary'],
];

/**
 * Which of the app's texts says the API's message for `field`, or undefined for a message it does
 * not know. The API begins a message with the field's name (its last part, `risks` of
 * `checklist.risks`, or the whole path); that name is left to the field's label beside it.
 */
export function fieldMessageText(field: string, message: string): FieldMessageText | undefined {
  const last =
    field
      .replace(/\[\d+\]$/, '')
      .split('.')
      .pop() ?? field;
  const names = [field, last].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const whole = WHOLE_MESSAGE_RULES.find(([pattern]) => pattern.test(message.trim()));
  if (whole) return { id: `problem.field.${whole[1]}`, values: {} };
  const rest = message.trim().replace(new RegExp(`^(?:each value in )?(?:${names.join('|')}) `), '');
  if (rest === message.trim() && message.trim() !== 'is required') return undefined;
  for (const [pattern, rule, values] of FIELD_RULES) {
    const match = rest.match(pattern);
    if (match) return { id: `problem.field.${rule}`, values: values(match) };
  }
  return undefined;
}
