import {
  Button,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { ScrollArea } from '../../components/scroll-area';
import { OversightProblem } from './oversight-problem';
import type { AuditEvent } from './oversight.queries';

/** What the table needs of an infinite query of audit events (the search and the person log alike). */
interface EventPages {
  isPending: boolean;
  error: unknown;
  data?: { pages: { items: AuditEvent[] }[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** Audit events as a table, a page at a time: who, for which organisation, did what, why, and how it went. */
export function AuditTable({
  query,
  label,
  reference,
}: {
  query: EventPages;
  label: string;
  reference: (caseId: string | null) => string;
}) {
  const intl = useIntl();
  if (query.isPending)
    return (
      <Paragraph role="status">
        <FormattedMessage id="state.loading" />
      </Paragraph>
    );
  if (query.error) return <OversightProblem error={query.error} />;
  const events = (query.data?.pages ?? []).flatMap((p) => p.items);
  if (events.length === 0)
    return (
      <Paragraph>
        <FormattedMessage id="oversight.audit.none" />
      </Paragraph>
    );
  return (
    <>
      <ScrollArea label={label}>
        <Table data-testid="audit-events">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">
                <FormattedMessage id="oversight.audit.at" />
              </TableHeaderCell>
              <TableHeaderCell scope="col">
                <FormattedMessage id="oversight.audit.actor" />
              </TableHeaderCell>
              <TableHeaderCell scope="col">
                <FormattedMessage id="oversight.audit.action" />
              </TableHeaderCell>
              <TableHeaderCell scope="col">
                <FormattedMessage id="case.reference" />
              </TableHeaderCell>
              <TableHeaderCell scope="col">
                <FormattedMessage id="oversight.audit.purpose" />
              </TableHeaderCell>
              <TableHeaderCell scope="col">
                <FormattedMessage id="oversight.audit.outcome" />
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.map((e) => (
              <TableRow key={e.id}>
                <TableCell>
                  <DateTime value={e.at} />
                </TableCell>
                <TableCell>
                  {e.actorName ?? intl.formatMessage({ id: 'oversight.audit.system' })}
                  {e.actorOrganisationName && (
                    <>
                      <br />
                      <span className="or-hint">{e.actorOrganisationName}</span>
                    </>
                  )}
                </TableCell>
                <TableCell>
                  <code>{e.action}</code>
                </TableCell>
                <TableCell>{reference(e.caseId)}</TableCell>
                <TableCell>
                  <FormattedMessage id={`oversight.purpose.${e.purpose}`} />
                </TableCell>
                <TableCell>
                  <FormattedMessage id={`oversight.outcome.${e.outcome}`} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollArea>
      {query.hasNextPage && (
        <Button appearance="secondary-action-button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          <FormattedMessage id="oversight.more" />
        </Button>
      )}
    </>
  );
}
