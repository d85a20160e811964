import {
  Button,
  FormFieldSelect,
  FormFieldTextInput,
  Heading,
  Paragraph,
  SelectOption,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useRef, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { ScrollArea } from '../../components/scroll-area';
import { useCreateOrganisation, useOrganisations } from './admin.queries';

export const ORGANISATION_KINDS = [
  'centre',
  'police',
  'forensic_medical_service',
  'veilig_thuis',
  'local_team',
  'youth_care',
  'child_protection',
  'mental_health',
  'other',
] as const;

/** design.md §2 and §10: the organisations of the centre and its partners; an admin adds one. */
export function OrganisationsPage() {
  const intl = useIntl();
  const list = useOrganisations();
  const create = useCreateOrganisation();
  const form = useRef<HTMLFormElement>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    create.mutate(
      { name: String(data.get('name') ?? ''), kind: String(data.get('kind') ?? '') as 'centre' },
      // Cleared only once the API took it: on an error everything typed stays.
      { onSuccess: () => form.current?.reset() },
    );
  };
  const labels = { name: intl.formatMessage({ id: 'admin.org.name' }), kind: intl.formatMessage({ id: 'admin.org.kind' }) };
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="admin.org.title" />
      </Heading>
      <PageState query={list} empty={(d) => d.items.length === 0}>
        {(page) => (
          <ScrollArea label={intl.formatMessage({ id: 'admin.org.title' })}>
            <Table data-testid="organisations">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{labels.name}</TableHeaderCell>
                  <TableHeaderCell scope="col">{labels.kind}</TableHeaderCell>
                  <TableHeaderCell scope="col">
                    <FormattedMessage id="admin.createdAt" />
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.items.map((o) => (
                  <TableRow key={o.id}>
                    <TableCell>{o.name}</TableCell>
                    <TableCell>
                      <FormattedMessage id={`admin.org.kind.${o.kind}`} />
                    </TableCell>
                    <TableCell>
                      <DateTime value={o.createdAt} dateOnly />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollArea>
        )}
      </PageState>
      <section aria-labelledby="new-org-heading">
        <Heading level={2} appearanceLevel={3} id="new-org-heading">
          <FormattedMessage id="admin.org.new" />
        </Heading>
        <ProblemMessage error={create.error} fieldLabels={labels} />
        {create.isSuccess && (
          <Paragraph role="status">
            <FormattedMessage id="admin.org.created" values={{ name: create.data.name }} />
          </Paragraph>
        )}
        <form ref={form} onSubmit={submit} className="or-form" noValidate aria-labelledby="new-org-heading">
          <FormFieldTextInput label={labels.name} name="name" {...fieldError(create.error, 'name')} />
          <FormFieldSelect label={labels.kind} name="kind" defaultValue="" {...fieldError(create.error, 'kind')}>
            <SelectOption value="">{intl.formatMessage({ id: 'admin.choose' })}</SelectOption>
            {ORGANISATION_KINDS.map((k) => (
              <SelectOption key={k} value={k}>
                {intl.formatMessage({ id: `admin.org.kind.${k}` })}
              </SelectOption>
            ))}
          </FormFieldSelect>
          <div>
            <Button appearance="primary-action-button" type="submit" disabled={create.isPending}>
              <FormattedMessage id="admin.org.submit" />
            </Button>
          </div>
        </form>
      </section>
    </article>
  );
}
