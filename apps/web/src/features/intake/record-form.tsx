import { Button, FormFieldSelect, Heading, SelectOption } from '@rijkshuisstijl-community/components-react';
import { type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import type { CaseContext } from './case-context';

/** The state of a mutation the form shows (TanStack Query's useMutation answers it). */
interface Submission {
  error: unknown;
  isSuccess: boolean;
  isPending: boolean;
}

/**
 * The head and foot every discipline's record form of the intake shares: its heading, the API's
 * problem in words, "saved" once it is, and the submit button (messages `<record>.new`,
 * `<record>.saved`, `<record>.submit`). The form is emptied once saved, so that a second press
 * cannot record the same thing twice; on an error nothing typed is lost (design.md §10).
 */
export function RecordForm({
  record,
  submission,
  onSubmit,
  onSaved,
  children,
}: {
  record: 'interview' | 'examination' | 'assessment';
  submission: Submission;
  /** Reads the form and starts the mutation; `saved` is to be called on its success. */
  onSubmit: (form: FormData, saved: () => void) => void;
  onSaved?: () => void;
  children: ReactNode;
}) {
  const headingId = `${record}-form-heading`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    onSubmit(new FormData(formElement), () => {
      formElement.reset();
      onSaved?.();
    });
  };
  return (
    <section aria-labelledby={headingId}>
      <Heading level={3} appearanceLevel={4} id={headingId}>
        <FormattedMessage id={`${record}.new`} />
      </Heading>
      <ProblemMessage error={submission.error} />
      {submission.isSuccess && (
        <p role="status" className="or-hint">
          <FormattedMessage id={`${record}.saved`} />
        </p>
      )}
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby={headingId}>
        {children}
        <Button appearance="primary-action-button" type="submit" disabled={submission.isPending}>
          <FormattedMessage id={`${record}.submit`} />
        </Button>
      </form>
    </section>
  );
}

/** Which of the case's persons a record is about (field `personId`). */
export function PersonField({ context, error }: { context: CaseContext; error: unknown }) {
  const intl = useIntl();
  return (
    <FormFieldSelect label={intl.formatMessage({ id: 'intake.person' })} name="personId" {...fieldError(error, 'personId')}>
      {context.persons.map((p) => (
        <SelectOption key={p.id} value={p.id}>
          {p.name}
        </SelectOption>
      ))}
    </FormFieldSelect>
  );
}
