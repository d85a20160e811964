import { Alert, Heading, Paragraph, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { useLayoutEffect, useRef, useState } from 'react';
import { createIntl, createIntlCache, useIntl, type IntlShape } from 'react-intl';
import { fieldMessageText, isProblem, type ProblemError } from '../api/problem';
import { messages, TIME_ZONE, type Locale } from '../i18n/i18n';

/** Codes the page says in its own words; any other problem shows the API's own `detail`. */
const KNOWN_CODES = new Set([
  'INVALID_INPUT',
  'INVALID_CREDENTIALS',
  'LOGIN_RATE_LIMITED',
  'SESSION_ENDED',
  'VERSION_CONFLICT',
  'ROLE_REQUIRED',
  'CHECKLIST_INCOMPLETE',
  'CONFERENCE_RECORD_INCOMPLETE',
  'HANDOVER_OPEN',
  'LEAD_CANNOT_LEAVE',
]);

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
              {fieldLabels[e.field] ? <strong>{fieldLabels[e.field]}</strong> : <FieldName field={e.field} />}:{' '}
              {fieldText(intl, e.field, e.message)}
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

/**
 * A field the API named, by the label its form gives it (the words the user sees beside the field),
 * found by the control's name in the form or section around this message; the API's field name
 * only where no such control is on the page. Forms need not list their labels a second time.
 */
function FieldName({ field }: { field: string }) {
  const ref = useRef<HTMLElement>(null);
  const [label, setLabel] = useState<string | null>(null);
  useLayoutEffect(() => {
    const scope = ref.current?.closest('form, section, article') ?? document;
    const control = [...scope.querySelectorAll<HTMLInputElement>('[name]')].find((c) => c.name === field);
    setLabel(control?.labels?.[0]?.textContent?.trim() || null);
  }, [field]);
  return <strong ref={ref}>{label ?? field}</strong>;
}

/** The API's message for a field in the user's words where the app knows it (fieldMessageText), else as the API wrote it. */
export function fieldText(intl: IntlShape, field: string, message: string): string {
  const known = fieldMessageText(field, message);
  return known ? intl.formatMessage({ id: known.id }, known.values) : message;
}

const intlCache = createIntlCache();
const intlByLocale = new Map<Locale, IntlShape>();

/**
 * fieldError is called while props are spread (`{...fieldError(add.error, 'reason')}`), outside any
 * hook, so it reads the language the page declares (I18nProvider keeps <html lang> to the user's
 * choice) and formats with the same messages as the IntlProvider.
 */
function pageIntl(): IntlShape {
  const locale: Locale = typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'nl';
  let intl = intlByLocale.get(locale);
  if (!intl) {
    intl = createIntl({ locale: locale === 'nl' ? 'nl-NL' : 'en-GB', messages: messages[locale], timeZone: TIME_ZONE }, intlCache);
    intlByLocale.set(locale, intl);
  }
  return intl;
}

/** The props that put the API's message for one field beside that field, in the user's words. */
export function fieldError(error: unknown, field: string): { invalid?: boolean; errorMessage?: string } {
  const message = isProblem(error) ? error.messageFor(field) : undefined;
  return message ? { invalid: true, errorMessage: fieldText(pageIntl(), field, message) } : {};
}
