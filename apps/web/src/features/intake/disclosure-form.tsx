import { Button, FormFieldSelect, FormFieldTextarea, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Schemas } from '@oneroof/api-client';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { optional, text } from './form-values';
import { useDisclose } from './intake.queries';

export const LEGAL_BASES = ['consent', 'statutory_duty', 'right_to_report', 'conflict_of_duties', 'data_sharing_agreement'] as const;

/**
 * Sharing part of a restricted record with the team (design.md §2 disclosure): a summary and the
 * legal basis it is shared on. Behind a button, so the record list stays readable.
 */
export function DisclosureForm({ caseId, kind, recordId }: { caseId: string; kind: 'interview' | 'examination'; recordId: string }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const disclose = useDisclose(caseId, kind, recordId);
  const t = (id: string) => intl.formatMessage({ id });
  const headingId = `disclose-${recordId}`;
  if (!open)
    return (
      <Button appearance="secondary-action-button" onClick={() => setOpen(true)} aria-describedby={`record-${recordId}`}>
        <FormattedMessage id="disclosure.open" />
      </Button>
    );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    disclose.mutate({
      summary: text(form, 'summary'),
      legalBasis: text(form, 'legalBasis') as Schemas['DisclosureDto']['legalBasis'],
      note: optional(form, 'note'),
    });
  };
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby={headingId}>
      <p id={headingId} className="or-hint">
        <FormattedMessage id="disclosure.title" />
      </p>
      <ProblemMessage error={disclose.error} />
      <FormFieldTextarea
        label={t('disclosure.summary')}
        description={t('disclosure.summary.hint')}
        name="summary"
        rows={3}
        {...fieldError(disclose.error, 'summary')}
      />
      <FormFieldSelect label={t('disclosure.legalBasis')} name="legalBasis" {...fieldError(disclose.error, 'legalBasis')}>
        {LEGAL_BASES.map((basis) => (
          <SelectOption key={basis} value={basis}>
            {t(`legalBasis.${basis}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldTextarea label={t('disclosure.note')} name="note" rows={2} {...fieldError(disclose.error, 'note')} />
      <div className="or-actions">
        <Button appearance="primary-action-button" type="submit" disabled={disclose.isPending}>
          <FormattedMessage id="disclosure.submit" />
        </Button>
        <Button appearance="subtle-button" type="button" onClick={() => setOpen(false)}>
          <FormattedMessage id="caseWork.cancel" />
        </Button>
      </div>
    </form>
  );
}
