import { Button, FormFieldSelect, FormFieldTextInput, Heading, Paragraph, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ProblemMessage } from '../../components/problem-message';
import { AuditTable } from './audit-table';
import { endOfDay, startOfDay } from './dates';
import { useAuditEvents, useAuditVerify, useCaseIndex, useDirectory, type AuditFilters } from './oversight.queries';

/** design.md §4 and §10: the coordinators' audit search, by case, actor, action and period; and the chain check. */
export function AuditSearchPage() {
  const intl = useIntl();
  const [filters, setFilters] = useState<AuditFilters | null>(null);
  const cases = useCaseIndex();
  const users = useDirectory();
  const events = useAuditEvents(filters ?? {}, filters !== null);
  const references = new Map((cases.data?.items ?? []).map((c) => [c.id, c.reference]));
  const reference = (id: string | null) => (id ? (references.get(id) ?? '—') : '—');

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setFilters({
      caseId: value('caseId'),
      actorId: value('actorId'),
      action: value('action'),
      from: startOfDay(value('from') ?? ''),
      to: endOfDay(value('to') ?? ''),
    });
  };
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="oversight.audit.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="oversight.audit.intro" />
      </Paragraph>
      <form onSubmit={search} className="or-filters" aria-label={intl.formatMessage({ id: 'oversight.filters' })} noValidate>
        <FormFieldSelect label={intl.formatMessage({ id: 'case.reference' })} name="caseId" defaultValue="">
          <SelectOption value="">{intl.formatMessage({ id: 'oversight.all' })}</SelectOption>
          {(cases.data?.items ?? []).map((c) => (
            <SelectOption key={c.id} value={c.id}>
              {c.reference}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect label={intl.formatMessage({ id: 'oversight.audit.actor' })} name="actorId" defaultValue="">
          <SelectOption value="">{intl.formatMessage({ id: 'oversight.all' })}</SelectOption>
          {(users.data?.items ?? []).map((u) => (
            <SelectOption key={u.id} value={u.id}>
              {u.name}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextInput
          label={intl.formatMessage({ id: 'oversight.audit.action' })}
          description={intl.formatMessage({ id: 'oversight.audit.actionHint' })}
          name="action"
        />
        <FormFieldTextInput label={intl.formatMessage({ id: 'oversight.from' })} name="from" type="date" />
        <FormFieldTextInput label={intl.formatMessage({ id: 'oversight.to' })} name="to" type="date" />
        <div className="or-filters__actions">
          <Button appearance="primary-action-button" type="submit">
            <FormattedMessage id="oversight.search" />
          </Button>
        </div>
      </form>
      <section aria-labelledby="results-heading">
        <Heading level={2} appearanceLevel={3} id="results-heading">
          <FormattedMessage id="oversight.audit.results" />
        </Heading>
        {filters === null ? (
          <Paragraph>
            <FormattedMessage id="oversight.audit.start" />
          </Paragraph>
        ) : (
          <AuditTable query={events} label={intl.formatMessage({ id: 'oversight.audit.results' })} reference={reference} />
        )}
      </section>
      <VerifyChain />
    </article>
  );
}

function VerifyChain() {
  const verify = useAuditVerify();
  return (
    <section aria-labelledby="verify-heading">
      <Heading level={2} appearanceLevel={3} id="verify-heading">
        <FormattedMessage id="oversight.verify.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="oversight.verify.text" />
      </Paragraph>
      <ProblemMessage error={verify.error} />
      <Button appearance="secondary-action-button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        <FormattedMessage id="oversight.verify.run" />
      </Button>
      {verify.data && (
        <Paragraph role="status" data-testid="verify-result">
          <FormattedMessage
            id={verify.data.valid ? 'oversight.verify.valid' : 'oversight.verify.broken'}
            values={{ checked: verify.data.checked }}
          />
        </Paragraph>
      )}
    </section>
  );
}
