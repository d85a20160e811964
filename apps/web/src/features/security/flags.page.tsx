import {
  Button,
  FormFieldTextarea,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { fieldError, ProblemMessage } from '../../components/problem-message';
import { ScrollArea } from '../../components/scroll-area';
import { PersonReaders } from './person-readers';
import { useFlags, useReviewFlag } from './security.queries';

type Status = 'open' | 'reviewed';

/**
 * design.md §9 and §10: the coordinators' review of unusual access. Shows what the API returns (the
 * rule, what was counted against which threshold, in which window); the review takes a note.
 */
export function FlagsPage() {
  const intl = useIntl();
  const [status, setStatus] = useState<Status>('open');
  const flags = useFlags(status);
  const [reviewing, setReviewing] = useState<string>();

  return (
    <section aria-labelledby="flags-title">
      <Heading level={1} id="flags-title">
        <FormattedMessage id="security.flags.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="security.flags.intro" />
      </Paragraph>
      <div role="group" aria-label={intl.formatMessage({ id: 'security.flags.show' })}>
        {(['open', 'reviewed'] as const).map((s) => (
          <Button
            key={s}
            appearance={s === status ? 'primary-action-button' : 'secondary-action-button'}
            aria-pressed={s === status}
            onClick={() => setStatus(s)}
          >
            <FormattedMessage id={`security.flags.status.${s}`} />
          </Button>
        ))}
      </div>
      <ProblemMessage error={flags.error} />
      {flags.data && flags.data.items.length === 0 && (
        <Paragraph role="status" data-testid="flags-empty">
          <FormattedMessage id={`security.flags.empty.${status}`} />
        </Paragraph>
      )}
      {flags.data && flags.data.items.length > 0 && (
        <ScrollArea label={intl.formatMessage({ id: 'security.flags.title' })}>
          <Table data-testid="flags">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="security.flags.rule" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="security.flags.subject" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="security.flags.counted" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="security.flags.window" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id={status === 'open' ? 'security.flags.action' : 'security.flags.note'} />
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {flags.data.items.map((flag) => (
                <TableRow key={flag.id} data-testid="flag">
                  <TableCell>
                    <FormattedMessage id={`security.flags.rules.${flag.rule}`} />
                  </TableCell>
                  <TableCell>
                    <code>{flag.userId ?? flag.personId}</code>
                    {flag.personId && <PersonReaders personId={flag.personId} />}
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id="security.flags.observed" values={{ observed: flag.observed, threshold: flag.threshold }} />
                  </TableCell>
                  <TableCell>
                    <DateTime value={flag.windowStart} /> – <DateTime value={flag.windowEnd} />
                  </TableCell>
                  <TableCell>
                    {status === 'reviewed' ? (
                      flag.reviewNote
                    ) : reviewing === flag.id ? (
                      <ReviewForm id={flag.id} onDone={() => setReviewing(undefined)} />
                    ) : (
                      <Button appearance="secondary-action-button" onClick={() => setReviewing(flag.id)}>
                        <FormattedMessage id="security.flags.review" />
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      )}
    </section>
  );
}

function ReviewForm({ id, onDone }: { id: string; onDone: () => void }) {
  const intl = useIntl();
  const review = useReviewFlag();
  const label = intl.formatMessage({ id: 'security.flags.note' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '');
    review.mutate({ id, note }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={intl.formatMessage({ id: 'security.flags.review' })}>
      <ProblemMessage error={review.error} fieldLabels={{ note: label }} />
      <FormFieldTextarea label={label} name="note" required autoFocus {...fieldError(review.error, 'note')} />
      <Button appearance="primary-action-button" type="submit" disabled={review.isPending}>
        <FormattedMessage id="security.flags.save" />
      </Button>
    </form>
  );
}
