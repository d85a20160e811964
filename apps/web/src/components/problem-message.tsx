import { Alert, Heading, Paragraph, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { useIntl } from 'react-intl';
import { isProblem, type ProblemError } from '../api/problem';

/** Codes the page says in its own words; any other problem shows the API's own `detail`. */
const KNOWN_CODES = new Set(['INVALID_CREDENTIALS', 'LOGIN_RATE_LIMITED', 'SESSION_ENDED', 'VERSION_CONFLICT', 'ROLE_REQUIRED']);

export function statusKey(status: number): string {
  if (status === 0) return 'problem.status.network';
  if (status >= 500) return 'problem.status.server';
  if ([400, 401, 403, 404, 409, 413, 422, 429].includes(status)) return `problem.status.${status}`;
  return 'problem.status.other';
}

/**
 * design.md §10: every server error in words. The heading says what kind of problem it is, the
 * text is the API's explanation (or ours for the codes we know), then each field's message and each
 * missing item the API named. Field messages are also shown beside their fields (fieldError).
 */
export function ProblemMessage({ error, fieldLabels = {} }: { error: unknown; fieldLabels?: Record<string, string> }) {
  const intl = useIntl();
  if (!error) return null;
  const problem: ProblemError | undefined = isProblem(error) ? error : undefined;
  const status = problem?.status ?? 0;
  const detail =
    problem?.code && KNOWN_CODES.has(problem.code)
      ? intl.formatMessage({ id: `problem.code.${problem.code}` })
      : problem?.detail || intl.formatMessage({ id: 'problem.noDetail' });
  return (
    <Alert type="error" role="alert" data-testid="problem">
      <Heading level={2} appearanceLevel={4}>
        {intl.formatMessage({ id: statusKey(status) })}
      </Heading>
      <Paragraph>{detail}</Paragraph>
      {problem && problem.errors.length > 0 && (
        <UnorderedList>
          {problem.errors.map((e) => (
            <UnorderedListItem key={`${e.field}:${e.message}`}>
              <strong>{fieldLabels[e.field] ?? e.field}</strong>: {e.message}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {problem && problem.missing.length > 0 && (
        <>
          <Paragraph>{intl.formatMessage({ id: 'problem.missing' }, { count: problem.missing.length })}</Paragraph>
          <UnorderedList data-testid="problem-missing">
            {problem.missing.map((m) => (
              <UnorderedListItem key={m}>{fieldLabels[m] ?? m}</UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
      {status >= 500 && problem?.requestId && (
        <Paragraph>{intl.formatMessage({ id: 'problem.requestId' }, { requestId: problem.requestId })}</Paragraph>
      )}
    </Alert>
  );
}

/** The props that put the API's message for one field beside that field. */
export function fieldError(error: unknown, field: string): { invalid?: boolean; errorMessage?: string } {
  const message = isProblem(error) ? error.messageFor(field) : undefined;
  return message ? { invalid: true, errorMessage: message } : {};
}
