import {
  Button,
  FormFieldTextInput,
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
import { PageState } from '../../components/page-state';
import { ScrollArea } from '../../components/scroll-area';
import { Link } from '../../router';
import { useUserNames } from '../common/users.queries';
import { useRoster } from './conference.queries';
import { amsterdamToday, text } from './form-values';

/**
 * The review roster for the weekly meeting (design.md §7): for a day, the cases the caller may see
 * that need a review, each with its reasons. Which cases those are is the API's answer.
 */
export function ReviewRosterPage() {
  const intl = useIntl();
  const [date, setDate] = useState(amsterdamToday());
  const roster = useRoster(date);
  const nameOf = useUserNames();
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = text(new FormData(event.currentTarget), 'date');
    if (chosen) setDate(chosen);
  };
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="roster.title" />
      </Heading>
      <Paragraph className="or-hint">
        <FormattedMessage id="roster.hint" />
      </Paragraph>
      <form onSubmit={choose} className="or-form or-inline-form" noValidate aria-label={intl.formatMessage({ id: 'roster.choose' })}>
        <FormFieldTextInput label={intl.formatMessage({ id: 'roster.date' })} name="date" type="date" defaultValue={date} />
        <Button appearance="secondary-action-button" type="submit">
          <FormattedMessage id="roster.show" />
        </Button>
      </form>
      <section aria-labelledby="roster-heading">
        <Heading level={2} appearanceLevel={3} id="roster-heading">
          <FormattedMessage id="roster.for" values={{ date: <DateTime value={`${date}T12:00:00Z`} dateOnly /> }} />
        </Heading>
        <PageState query={roster} empty={(d) => d.items.length === 0}>
          {(page) => (
            <ScrollArea label={intl.formatMessage({ id: 'roster.title' })}>
              <Table data-testid="roster">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">
                      <FormattedMessage id="roster.case" />
                    </TableHeaderCell>
                    <TableHeaderCell scope="col">
                      <FormattedMessage id="roster.reasons" />
                    </TableHeaderCell>
                    <TableHeaderCell scope="col">
                      <FormattedMessage id="roster.urgency" />
                    </TableHeaderCell>
                    <TableHeaderCell scope="col">
                      <FormattedMessage id="roster.lead" />
                    </TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {page.items.map((row) => (
                    <TableRow key={row.caseId}>
                      <TableCell>
                        <Link to={`/cases/${row.caseId}`}>{row.caseReference}</Link>
                      </TableCell>
                      <TableCell>
                        <ul className="or-list">
                          {row.reasons.map((r) => (
                            <li key={`${r.reason}:${r.clock ?? ''}:${r.subjectId ?? ''}:${r.at ?? ''}`}>
                              <FormattedMessage id={`roster.reason.${r.reason}`} />
                              {r.clock && (
                                <>
                                  {' '}
                                  · <FormattedMessage id={`clocks.clock.${r.clock}`} />
                                </>
                              )}
                              {r.at && (
                                <>
                                  {' '}
                                  · <DateTime value={r.at} />
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      </TableCell>
                      <TableCell>
                        <FormattedMessage id={`case.urgency.${row.urgency}`} />
                      </TableCell>
                      <TableCell>{nameOf(row.leadUserId)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ScrollArea>
          )}
        </PageState>
      </section>
    </article>
  );
}
