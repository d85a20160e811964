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
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from '../../components/date-time';
import { PageState } from '../../components/page-state';
import { ProblemMessage } from '../../components/problem-message';
import { ScrollArea } from '../../components/scroll-area';
import { useEndSession, useMySessions } from './admin.queries';

/**
 * design.md §9: my sessions (this browser and any other), each of which I may end; ending this one
 * is signing out, so it is offered as that. Admins end another user's sessions from the users page.
 */
export function SessionsPage() {
  const intl = useIntl();
  const sessions = useMySessions();
  const end = useEndSession();
  return (
    <article>
      <Heading level={1}>
        <FormattedMessage id="admin.sessions.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="admin.sessions.intro" />
      </Paragraph>
      <ProblemMessage error={end.error} />
      {end.isSuccess && (
        <Paragraph role="status">
          <FormattedMessage id="admin.sessions.ended" />
        </Paragraph>
      )}
      <PageState query={sessions} empty={(d) => d.items.length === 0}>
        {(page) => (
          <ScrollArea label={intl.formatMessage({ id: 'admin.sessions.title' })}>
            <Table data-testid="sessions">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">
                    <FormattedMessage id="admin.sessions.device" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">
                    <FormattedMessage id="admin.sessions.createdAt" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">
                    <FormattedMessage id="admin.sessions.lastSeenAt" />
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">
                    <FormattedMessage id="admin.sessions.state" />
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.items.map((s) => (
                  <TableRow key={s.id} data-current={s.current}>
                    <TableCell>
                      {describeAgent(s.userAgent) ?? intl.formatMessage({ id: 'admin.sessions.unknownDevice' })}
                      {s.ip && (
                        <>
                          <br />
                          <span className="or-hint">{s.ip}</span>
                        </>
                      )}
                    </TableCell>
                    <TableCell>
                      <DateTime value={s.createdAt} />
                    </TableCell>
                    <TableCell>
                      <DateTime value={s.lastSeenAt} />
                    </TableCell>
                    <TableCell>
                      {s.current ? (
                        <FormattedMessage id="admin.sessions.current" />
                      ) : s.endedAt ? (
                        <FormattedMessage id="admin.sessions.endedAt" values={{ date: <DateTime value={s.endedAt} /> }} />
                      ) : (
                        <Button appearance="secondary-action-button" onClick={() => end.mutate(s.id)} disabled={end.isPending}>
                          <FormattedMessage id="admin.sessions.end" />
                          <VisuallyHidden>
                            {' '}
                            {describeAgent(s.userAgent) ?? intl.formatMessage({ id: 'admin.sessions.unknownDevice' })}
                          </VisuallyHidden>
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollArea>
        )}
      </PageState>
    </article>
  );
}

/** "Chrome op Linux" reads better than a user-agent string; the raw string when it is none of these. */
export function describeAgent(agent: string | null): string | null {
  if (!agent) return null;
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : null;
  const system = /Windows/.test(agent)
    ? 'Windows'
    : /Android/.test(agent)
      ? 'Android'
      : /iPhone|iPad/.test(agent)
        ? 'iOS'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : null;
  if (browser && system) return `${browser} · ${system}`;
  return browser ?? system ?? agent.slice(0, 60);
}
