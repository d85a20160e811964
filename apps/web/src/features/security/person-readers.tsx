import { Button, Paragraph, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';
import { DateTime } from '../../components/date-time';
import { ProblemMessage } from '../../components/problem-message';
import { useStepUp } from './step-up';

type AuditEvent = Schemas['AuditEventResponse'];

/**
 * Who looked at the flagged person (the person's access log), for the review. The access log needs
 * a recent second factor (design.md §9): the step-up prompt appears when the API asks for it.
 */
export function PersonReaders({ personId }: { personId: string }) {
  const { run, prompt } = useStepUp();
  const [events, setEvents] = useState<AuditEvent[]>();
  const [error, setError] = useState<unknown>();
  const load = () => {
    setError(undefined);
    run(() => unwrap(api.GET('/api/persons/{id}/access-log', { params: { path: { id: personId }, query: { limit: 200 } } }))).then(
      (page) => setEvents(page.items),
      setError,
    );
  };
  return (
    <div>
      {prompt}
      <ProblemMessage error={error} />
      {events ? (
        <UnorderedList data-testid="person-readers">
          {events.map((e) => (
            <UnorderedListItem key={e.id}>
              {e.actorName ?? e.actorId} · <DateTime value={e.at} />
            </UnorderedListItem>
          ))}
        </UnorderedList>
      ) : (
        !prompt && (
          <Button appearance="subtle-button" onClick={load}>
            <FormattedMessage id="security.flags.readers" />
          </Button>
        )
      )}
      {events && events.length === 0 && (
        <Paragraph>
          <FormattedMessage id="security.flags.noReaders" />
        </Paragraph>
      )}
    </div>
  );
}
