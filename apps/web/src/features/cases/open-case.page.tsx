import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { Button, FormFieldSelect, FormFieldTextarea, Heading, Paragraph, SelectOption } from '@rijkshuisstijl-community/components-react';
import type { FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { navigate } from '../../router';
import { text } from '../intake/form-values';
import { workKeys } from '../work/work.queries';
import { PersonFields, personFrom } from './case-forms';

const URGENCIES = ['acute', 'urgent', 'regular'] as const;
const SOURCES = ['police', 'veilig_thuis', 'medical', 'school', 'family', 'other'] as const;

/**
 * design.md §4 POST /api/cases at /cases/new: a report becomes a case with its first person (the
 * child, usually); the one who opens it is its lead. More persons and the team follow on the case
 * file. The case's address is where the page goes once the API has answered 201.
 */
export function OpenCasePage() {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const client = useQueryClient();
  const open = useMutation({
    mutationFn: (body: Schemas['OpenCaseDto']) => unwrap(api.POST('/api/cases', { body })),
    onSuccess: (opened) => {
      void client.invalidateQueries({ queryKey: workKeys.cases });
      navigate(`/cases/${opened.id}`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const person = personFrom(form, 'persons[0].');
    // A person only when one was begun: a case may be opened before anyone is named.
    const named = person.firstName || person.lastName;
    open.mutate({
      urgency: text(form, 'urgency') as Schemas['OpenCaseDto']['urgency'],
      source: text(form, 'source') as Schemas['OpenCaseDto']['source'],
      summary: text(form, 'summary'),
      ...(named ? { persons: [person] } : {}),
    });
  };
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="openCase.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="openCase.intro" />
      </Paragraph>
      <ProblemMessage error={open.error} />
      <form onSubmit={submit} className="or-form" noValidate aria-labelledby="open-case-heading">
        <Heading level={2} appearanceLevel={3} id="open-case-heading">
          <FormattedMessage id="openCase.report" />
        </Heading>
        <FormFieldSelect label={t('case.urgency')} name="urgency" defaultValue="regular" {...fieldError(open.error, 'urgency')}>
          {URGENCIES.map((u) => (
            <SelectOption key={u} value={u}>
              {t(`case.urgency.${u}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldSelect label={t('openCase.source')} name="source" {...fieldError(open.error, 'source')}>
          {SOURCES.map((s) => (
            <SelectOption key={s} value={s}>
              {t(`openCase.source.${s}`)}
            </SelectOption>
          ))}
        </FormFieldSelect>
        <FormFieldTextarea
          label={t('openCase.summary')}
          description={t('openCase.summary.hint')}
          name="summary"
          rows={4}
          {...fieldError(open.error, 'summary')}
        />
        <fieldset className="or-fieldset">
          <legend>{t('openCase.firstPerson')}</legend>
          <PersonFields error={open.error} prefix="persons[0]." />
        </fieldset>
        <Button appearance="primary-action-button" type="submit" disabled={open.isPending}>
          <FormattedMessage id="openCase.submit" />
        </Button>
      </form>
    </article>
  );
}
