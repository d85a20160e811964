import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { formatDateTime } from '../../components/date-time';
import type { Handover } from './handover.queries';

/**
 * How a handover ended, in words: when it was accepted, declined or withdrawn, and the note or reason
 * written with it when the API gives it to this viewer. A party who no longer has the case (the
 * receiver of a withdrawn handover, the sender after acceptance) gets the reason as null from the
 * API (case content): the page then says when, and that the reason is not shown, never "—" as if
 * none was given.
 */
export function HandoverOutcome({ handover }: { handover: Handover }) {
  const intl = useIntl();
  const ended = endOf(handover);
  if (!ended) return null;
  return (
    <section aria-labelledby="outcome-heading" className="or-outcome" data-testid="handover-outcome">
      <Heading level={2} appearanceLevel={3} id="outcome-heading">
        <FormattedMessage id={`handover.outcome.${ended.kind}`} />
      </Heading>
      <Paragraph>
        <FormattedMessage id={`handover.outcome.${ended.kind}.at`} values={{ at: formatDateTime(intl, ended.at) }} />
      </Paragraph>
      {ended.text ? (
        <Paragraph data-testid="handover-outcome-text">
          {SYSTEM_REASONS.has(ended.text) ? (
            <FormattedMessage id={`handover.outcome.cause.${ended.text}`} />
          ) : (
            <FormattedMessage id={`handover.outcome.${ended.kind}.text`} values={{ text: ended.text }} />
          )}
        </Paragraph>
      ) : (
        ended.kind !== 'accepted' && (
          <Paragraph className="or-hint">
            <FormattedMessage id="handover.outcome.notShown" />
          </Paragraph>
        )
      )}
    </section>
  );
}

/** Withdrawals the system made when a party was deactivated: a code, said in words (not as typed text). */
const SYSTEM_REASONS = new Set(['receiver_deactivated', 'sender_deactivated']);

type Ending = { kind: 'accepted' | 'declined' | 'withdrawn'; at: string; text: string | null };

/** The ending the handover's status names, with its time and its free text (if the API gave it). */
export function endOf(h: Handover): Ending | null {
  if (h.status === 'accepted' && h.acceptedAt) return { kind: 'accepted', at: h.acceptedAt, text: h.acceptNote };
  if (h.status === 'declined' && h.declinedAt) return { kind: 'declined', at: h.declinedAt, text: h.declineReason };
  if (h.status === 'withdrawn' && h.withdrawnAt) return { kind: 'withdrawn', at: h.withdrawnAt, text: h.withdrawReason };
  return null;
}
