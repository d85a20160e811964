import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import {
  Button,
  FormFieldTextarea,
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@rijkshuisstijl-community/components-react';
import { type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client';
import { Link } from '../../router';
import { DateTime } from '../../components/date-time';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { optional } from '../intake/form-values';

type PossibleRereport = Schemas['PossibleRereportResponse'];

const linkKeys = { ofCase: (caseId: string) => ['cases', caseId, 'links'] as const };

/**
 * design.md §8 re-reports: the cases this one is linked to (their reference only), and for a
 * coordinator the open matches the API found (a person of a case closed in the last 12 months with
 * the same name and date of birth), each to link as a re-report or to dismiss. The API lists the
 * matches for coordinators only, so the page offers the choice exactly where they are listed.
 */
export function CaseLinksSection({ caseId }: { caseId: string }) {
  const links = useQuery({
    queryKey: linkKeys.ofCase(caseId),
    queryFn: () => unwrap(api.GET('/api/cases/{id}/links', { params: { path: { id: caseId } } })),
  });
  // Nothing linked and nothing to decide: no section, rather than an empty heading on every case.
  if (links.isPending || (links.data && links.data.items.length === 0 && links.data.possibleRereports.length === 0)) return null;
  return (
    <section aria-labelledby="links-heading">
      <Heading level={2} appearanceLevel={3} id="links-heading">
        <FormattedMessage id="links.title" />
      </Heading>
      <ProblemMessage error={links.error} />
      {links.data && links.data.items.length > 0 && (
        <UnorderedList data-testid="linked-cases">
          {links.data.items.map((l) => (
            <UnorderedListItem key={`${l.caseId}-${l.kind}`}>
              <FormattedMessage id={`links.kind.${l.kind}`} values={{ reference: l.reference }} /> ·{' '}
              <FormattedMessage id="links.linkedAt" values={{ date: <DateTime value={l.linkedAt} dateOnly /> }} />
              {l.note && <> · {l.note}</>}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {links.data?.possibleRereports.map((m) => (
        <PossibleRereportForm key={m.caseId} caseId={caseId} match={m} />
      ))}
    </section>
  );
}

function PossibleRereportForm({ caseId, match }: { caseId: string; match: PossibleRereport }) {
  const intl = useIntl();
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: linkKeys.ofCase(caseId) });
  const link = useMutation({
    mutationFn: (body: Schemas['NewCaseLinkDto']) => unwrap(api.POST('/api/cases/{id}/links', { params: { path: { id: caseId } }, body })),
    onSuccess: done,
  });
  const dismiss = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/cases/{id}/links/dismissals', { params: { path: { id: caseId } }, body: { caseId: match.caseId } })),
    onSuccess: done,
  });
  const headingId = `rereport-${match.caseId}`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = optional(new FormData(event.currentTarget), 'note');
    link.mutate({ caseId: match.caseId, kind: 'rereport', ...(note ? { note } : {}) });
  };
  return (
    <form onSubmit={submit} className="or-form or-notice" noValidate aria-labelledby={headingId} data-testid="possible-rereport">
      <Heading level={3} appearanceLevel={4} id={headingId}>
        <FormattedMessage id="links.possible.title" values={{ reference: match.reference }} />
      </Heading>
      <Paragraph>
        <FormattedMessage
          id="links.possible.text"
          values={{ reference: match.reference, date: <DateTime value={match.foundAt} dateOnly /> }}
        />
      </Paragraph>
      {/* Only coordinators get matches, and they read every case: the earlier one is theirs to compare. */}
      <Paragraph>
        <Link to={`/cases/${match.caseId}`}>
          <FormattedMessage id="links.possible.open" values={{ reference: match.reference }} />
        </Link>
      </Paragraph>
      <ProblemMessage error={link.error ?? dismiss.error} />
      <FormFieldTextarea
        label={intl.formatMessage({ id: 'links.note' })}
        description={intl.formatMessage({ id: 'links.note.hint' })}
        name="note"
        rows={2}
        {...fieldError(link.error, 'note')}
      />
      <div className="or-actions">
        <Button appearance="primary-action-button" type="submit" disabled={link.isPending || dismiss.isPending}>
          <FormattedMessage id="links.possible.link" values={{ reference: match.reference }} />
        </Button>
        <Button
          appearance="secondary-action-button"
          type="button"
          onClick={() => dismiss.mutate()}
          disabled={link.isPending || dismiss.isPending}
        >
          <FormattedMessage id="links.possible.dismiss" values={{ reference: match.reference }} />
        </Button>
      </div>
    </form>
  );
}
