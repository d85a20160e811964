import {
  Button,
  DataSummary,
  DataSummaryItem,
  FormFieldSelect,
  FormFieldTextarea,
  Heading,
  Paragraph,
  SelectOption,
} from '@rijkshuisstijl-community/components-react';
import type { FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { formatDateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { Link } from '../../router';
import { useUserNames } from '../common/users.queries';
import { useCaseIndex, useEmergencyAccesses, useReviewEmergencyAccess, type EmergencyAccess } from './oversight.queries';

/** design.md §2 and §10: every break-the-glass is reviewed by a coordinator, justified or not, with a note. */
export function EmergencyReviewsPage() {
  const open = useEmergencyAccesses(false);
  const done = useEmergencyAccesses(true);
  const references = useReferences();
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="oversight.emergency.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="oversight.emergency.intro" />
      </Paragraph>
      <section aria-labelledby="to-review-heading">
        <Heading level={2} appearanceLevel={3} id="to-review-heading">
          <FormattedMessage id="oversight.emergency.toReview" />
        </Heading>
        <PageState query={open} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-cards" data-testid="to-review">
              {page.items.map((e) => (
                <li key={e.id}>
                  <Grant access={e} reference={references(e.caseId)} />
                  <ReviewForm access={e} />
                </li>
              ))}
            </ul>
          )}
        </PageState>
      </section>
      <section aria-labelledby="reviewed-heading">
        <Heading level={2} appearanceLevel={3} id="reviewed-heading">
          <FormattedMessage id="oversight.emergency.reviewed" />
        </Heading>
        <PageState query={done} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ul className="or-cards" data-testid="reviewed">
              {page.items.map((e) => (
                <li key={e.id}>
                  <Grant access={e} reference={references(e.caseId)} />
                </li>
              ))}
            </ul>
          )}
        </PageState>
      </section>
    </article>
  );
}

function useReferences(): (caseId: string) => string | undefined {
  const index = useCaseIndex();
  const map = new Map((index.data?.items ?? []).map((c) => [c.id, c.reference]));
  return (caseId) => map.get(caseId);
}

function Grant({ access, reference }: { access: EmergencyAccess; reference?: string }) {
  const intl = useIntl();
  const nameOf = useUserNames();
  const review = access.review;
  return (
    <>
      <Heading level={3} appearanceLevel={4}>
        <Link to={`/cases/${access.caseId}`}>{reference ?? intl.formatMessage({ id: 'oversight.openCase' })}</Link>
      </Heading>
      <DataSummary>
        <DataSummaryItem itemKey={intl.formatMessage({ id: 'oversight.emergency.who' })} itemValue={nameOf(access.userId)} />
        <DataSummaryItem
          itemKey={intl.formatMessage({ id: 'oversight.emergency.when' })}
          itemValue={`${formatDateTime(intl, access.grantedAt)} – ${formatDateTime(intl, access.expiresAt)}`}
        />
        <DataSummaryItem itemKey={intl.formatMessage({ id: 'oversight.emergency.reason' })} itemValue={access.reason} />
        {review && (
          <DataSummaryItem
            itemKey={intl.formatMessage({ id: 'oversight.emergency.verdict' })}
            itemValue={intl.formatMessage(
              { id: 'oversight.emergency.verdictBy' },
              {
                verdict: intl.formatMessage({ id: `oversight.emergency.verdict.${review.verdict}` }),
                name: nameOf(review.reviewedBy),
                date: formatDateTime(intl, review.reviewedAt),
                note: review.note,
              },
            )}
          />
        )}
      </DataSummary>
    </>
  );
}

function ReviewForm({ access }: { access: EmergencyAccess }) {
  const intl = useIntl();
  const review = useReviewEmergencyAccess(access.id);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // An unchosen verdict goes as it is; the API names the field and the page shows it beside it.
    review.mutate({ verdict: String(form.get('verdict') ?? '') as 'justified', note: String(form.get('note') ?? '') });
  };
  const labels = {
    verdict: intl.formatMessage({ id: 'oversight.emergency.verdict' }),
    note: intl.formatMessage({ id: 'oversight.emergency.note' }),
  };
  const headingId = `review-${access.id}`;
  return (
    <form onSubmit={submit} className="or-form" noValidate aria-labelledby={headingId}>
      <Heading level={4} appearanceLevel={5} id={headingId}>
        <FormattedMessage id="oversight.emergency.review" />
      </Heading>
      <ProblemMessage error={review.error} fieldLabels={labels} />
      <FormFieldSelect label={labels.verdict} name="verdict" defaultValue="" {...fieldError(review.error, 'verdict')}>
        <SelectOption value="">{intl.formatMessage({ id: 'oversight.emergency.choose' })}</SelectOption>
        <SelectOption value="justified">{intl.formatMessage({ id: 'oversight.emergency.verdict.justified' })}</SelectOption>
        <SelectOption value="unjustified">{intl.formatMessage({ id: 'oversight.emergency.verdict.unjustified' })}</SelectOption>
      </FormFieldSelect>
      <FormFieldTextarea label={labels.note} name="note" rows={3} {...fieldError(review.error, 'note')} />
      <div>
        <Button appearance="primary-action-button" type="submit" disabled={review.isPending}>
          <FormattedMessage id="oversight.emergency.submit" />
        </Button>
      </div>
    </form>
  );
}
