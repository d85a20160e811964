import { Button, FormFieldTextInput, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ProblemMessage } from '../../components/problem-message';
import { useRotateFeedToken } from './follow-ups.queries';

/**
 * The iCalendar subscription (design.md §4 `me/follow-ups.ics`): the API shows a feed address
 * once and keeps only its hash, so the page asks for one and shows it to copy into a calendar app.
 * Asking again makes a new one and the old one stops working: the way to revoke a leaked address.
 */
export function CalendarLink() {
  const intl = useIntl();
  const rotate = useRotateFeedToken();
  const url = rotate.data ? new URL(rotate.data.url, window.location.origin).toString() : undefined;
  return (
    <section aria-labelledby="calendar-heading">
      <Heading level={2} appearanceLevel={3} id="calendar-heading">
        <FormattedMessage id="calendar.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="calendar.intro" />
      </Paragraph>
      <ProblemMessage error={rotate.error} />
      {url && (
        <div className="or-form">
          <FormFieldTextInput
            label={intl.formatMessage({ id: 'calendar.url' })}
            description={intl.formatMessage({ id: 'calendar.url.hint' })}
            name="calendarUrl"
            value={url}
            readOnly
          />
        </div>
      )}
      <Button appearance="secondary-action-button" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
        <FormattedMessage id={url ? 'calendar.renew' : 'calendar.make'} />
      </Button>
    </section>
  );
}
