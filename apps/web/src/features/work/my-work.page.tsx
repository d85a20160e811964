import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ScrollArea } from '../../components/scroll-area';
import { DateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { ProblemMessage } from '../../components/problem-message';
import { Link } from '../../router';
import { useUserNames } from '../common/users.queries';
import { NotificationTitle } from '../notifications/notification-title';
import { useMarkRead, useMyAgenda, useMyCases, useMyHandovers, useNotifications, weekOf } from './work.queries';

/** design.md §10 "mijn werk": my cases, my week, my handovers both ways, my notifications. */
export function MyWorkPage() {
  const intl = useIntl();
  const week = useMemo(() => weekOf(new Date()), []);
  return (
    <>
      <Heading level={1}>
        <FormattedMessage id="work.title" />
      </Heading>
      <Paragraph>
        <Link to="/cases/new">
          <FormattedMessage id="openCase.link" />
        </Link>
      </Paragraph>
      <div className="or-grid">
        <section aria-labelledby="cases-heading">
          <Heading level={2} appearanceLevel={3} id="cases-heading">
            <FormattedMessage id="work.cases" />
          </Heading>
          <MyCases />
        </section>
        <section aria-labelledby="agenda-heading">
          <Heading level={2} appearanceLevel={3} id="agenda-heading">
            <FormattedMessage id="work.agenda" />
          </Heading>
          <Agenda from={week.from} to={week.to} />
        </section>
        <section aria-labelledby="incoming-heading">
          <Heading level={2} appearanceLevel={3} id="incoming-heading">
            <FormattedMessage id="work.incoming" />
          </Heading>
          <Handovers direction="incoming" label={intl.formatMessage({ id: 'work.incoming' })} />
        </section>
        <section aria-labelledby="outgoing-heading">
          <Heading level={2} appearanceLevel={3} id="outgoing-heading">
            <FormattedMessage id="work.outgoing" />
          </Heading>
          <Handovers direction="outgoing" label={intl.formatMessage({ id: 'work.outgoing' })} />
        </section>
        <section aria-labelledby="notifications" id="notifications-section">
          <Heading level={2} appearanceLevel={3} id="notifications" tabIndex={-1}>
            <FormattedMessage id="work.notifications" />
          </Heading>
          <Notifications />
        </section>
      </div>
    </>
  );
}

function MyCases() {
  const intl = useIntl();
  const query = useMyCases();
  return (
    <PageState query={query} empty={(d) => d.items.length === 0}>
      {(data) => (
        <ScrollArea label={intl.formatMessage({ id: 'work.cases' })}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="case.reference" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="case.status" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="case.urgency" />
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id={`case.status.${c.status}`} />
                  </TableCell>
                  <TableCell>
                    <FormattedMessage id={`case.urgency.${c.urgency}`} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      )}
    </PageState>
  );
}

function Agenda({ from, to }: { from: string; to: string }) {
  const query = useMyAgenda(from, to);
  return (
    <PageState query={query} empty={(d) => d.items.length === 0}>
      {(data) => (
        <ul className="or-list">
          {data.items.map((f) => (
            <li key={f.id}>
              {/* An appointment without a title reads "Telefoongesprek", not "Telefoongesprek:" with nothing after it. */}
              <DateTime value={f.scheduledAt} /> · <FormattedMessage id={`followUp.kind.${f.kind}`} />
              {f.title ? `: ${f.title}` : ''} · <Link to={`/cases/${f.caseId}`}>{f.caseReference}</Link> ·{' '}
              <FormattedMessage id={`followUp.status.${f.status}`} />
            </li>
          ))}
        </ul>
      )}
    </PageState>
  );
}

function Handovers({ direction, label }: { direction: 'incoming' | 'outgoing'; label: string }) {
  const query = useMyHandovers(direction);
  const nameOf = useUserNames();
  return (
    <PageState query={query} empty={(d) => d.items.length === 0}>
      {(data) => (
        <ScrollArea label={label}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="case.reference" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id={direction === 'incoming' ? 'handover.from' : 'handover.to'} />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="handover.status" />
                </TableHeaderCell>
                <TableHeaderCell scope="col">
                  <FormattedMessage id="handover.respondBy" />
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((h) => (
                <TableRow key={h.id}>
                  <TableCell>
                    <Link to={`/handovers/${h.id}`}>{h.caseReference}</Link>
                  </TableCell>
                  <TableCell>{nameOf(direction === 'incoming' ? h.fromUserId : h.toUserId)}</TableCell>
                  <TableCell>
                    <FormattedMessage id={`handover.status.${h.status}`} />
                  </TableCell>
                  <TableCell>
                    {/* The deadline matters while the handover is open; once ended it is history. */}
                    {h.status === 'proposed' || h.status === 'briefed' ? <DateTime value={h.respondBy} /> : '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      )}
    </PageState>
  );
}

function Notifications() {
  const query = useNotifications();
  const markRead = useMarkRead();
  return (
    <>
      <ProblemMessage error={markRead.error} />
      <PageState query={query} empty={(d) => d.items.length === 0}>
        {(data) => (
          <ul className="or-list" data-testid="notifications">
            {data.items.map((n) => (
              <li key={n.id} className={n.readAt ? 'or-read' : 'or-unread'}>
                <DateTime value={n.createdAt} /> · <NotificationTitle notification={n} />
                {n.caseId && (
                  <>
                    {' '}
                    · <Link to={`/cases/${n.caseId}`}>{n.caseReference}</Link>
                  </>
                )}
                {!n.readAt && (
                  <>
                    {' '}
                    <Button appearance="subtle-button" onClick={() => markRead.mutate(n.id)} disabled={markRead.isPending}>
                      <FormattedMessage id="notification.markRead" />
                    </Button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </PageState>
      <Paragraph className="or-hint">
        <FormattedMessage id="work.notificationsHint" />
      </Paragraph>
    </>
  );
}
