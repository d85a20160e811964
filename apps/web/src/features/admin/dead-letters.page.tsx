import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { ProblemMessage } from '../../components/problem-message';
import { ScrollArea } from '../../components/scroll-area';
import { StackedCell } from '../../components/stacked-cell';
import { useDeadLetters, useRetryDeadLetter, type DeadLetter } from './admin.queries';

/**
 * The outbox's dead letters (GET /api/admin/outbox/dead-letters): the events the worker gave up
 * on after its retries (a notification that never went out). An admin reads why, fixes the cause, and sends one round again; the API says whether
 * it went. The list shows what the API gives an admin: type, time, failures and the last error.
 */
export function DeadLettersPage() {
  const intl = useIntl();
  const list = useDeadLetters();
  // One retry at a time, held here: a retried event leaves the list until it is stuck again, and the
  // answer is still to be read when its row has gone.
  const retry = useRetryDeadLetter();
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="admin.dead.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="admin.dead.intro" />
      </Paragraph>
      <ProblemMessage error={retry.error} />
      {retry.data && (
        <Paragraph role="status" data-testid="dead-letter-sent">
          <FormattedMessage id="admin.dead.sent" values={{ type: retry.data.type }} />
        </Paragraph>
      )}
      <PageState query={list} empty={(d) => d.items.length === 0}>
        {(page) => (
          <ScrollArea label={intl.formatMessage({ id: 'admin.dead.title' })}>
            <Table data-testid="dead-letters" className="or-stack-table" role="table">
              <TableHeader role="rowgroup">
                <TableRow role="row">
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.dead.type" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.dead.occurredAt" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.dead.failures" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.dead.lastError" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" role="columnheader">
                    <FormattedMessage id="admin.users.actions" />
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody role="rowgroup">
                {page.items.map((d) => (
                  <DeadLetterRow key={d.id} letter={d} onRetry={() => retry.mutate(d.id)} busy={retry.isPending} />
                ))}
              </TableBody>
            </Table>
          </ScrollArea>
        )}
      </PageState>
    </article>
  );
}

function DeadLetterRow({ letter, onRetry, busy }: { letter: DeadLetter; onRetry: () => void; busy: boolean }) {
  return (
    <TableRow data-dead-letter={letter.id} role="row">
      {/* On a phone the rows stack (app.css .or-stack-table), so the button stays in sight. */}
      <StackedCell label="admin.dead.type">
        <code>{letter.type}</code>
      </StackedCell>
      <StackedCell label="admin.dead.occurredAt">
        <DateTime value={letter.occurredAt} />
      </StackedCell>
      <StackedCell label="admin.dead.failures">{letter.failures}</StackedCell>
      <StackedCell label="admin.dead.lastError">{letter.lastError ?? '—'}</StackedCell>
      <StackedCell label="admin.users.actions">
        {letter.deadAt === null ? (
          <FormattedMessage id="admin.dead.queued" />
        ) : (
          <Button appearance="secondary-action-button" onClick={onRetry} disabled={busy}>
            <FormattedMessage id="admin.dead.retry" />
          </Button>
        )}
      </StackedCell>
    </TableRow>
  );
}
