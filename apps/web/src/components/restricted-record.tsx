import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DateTime } from './date-time';

export interface Disclosure {
  summary: string;
  legalBasis: string;
  note?: string | null;
  disclosedAt: string;
  disclosedBy?: string;
}

/**
 * design.md §10: a record the reader may not open reads as "police record of 12 Nov by J. de Vries,
 * not shared", with its disclosure where there is one. The page shows what the API returned: the
 * record arrives restricted, and nothing here decides who may read it.
 */
export function RestrictedRecord({
  discipline,
  createdAt,
  authorName,
  disclosure,
}: {
  discipline: string;
  createdAt: string;
  authorName: string;
  disclosure?: Disclosure | null;
}) {
  const intl = useIntl();
  const owner = intl.formatMessage({ id: `discipline.record.${discipline}`, defaultMessage: discipline });
  return (
    <div className="or-restricted" data-testid="restricted-record">
      <Paragraph>
        <FormattedMessage
          id={disclosure ? 'restricted.shared' : 'restricted.notShared'}
          values={{ owner, date: <DateTime value={createdAt} dateOnly />, author: authorName }}
        />
      </Paragraph>
      {disclosure && (
        <blockquote className="or-disclosure" data-testid="disclosure">
          <Paragraph>{disclosure.summary}</Paragraph>
          <Paragraph className="or-hint">
            <FormattedMessage
              id="restricted.disclosure"
              values={{
                basis: intl.formatMessage({ id: `legalBasis.${disclosure.legalBasis}`, defaultMessage: disclosure.legalBasis }),
                date: <DateTime value={disclosure.disclosedAt} dateOnly />,
              }}
            />
          </Paragraph>
        </blockquote>
      )}
    </div>
  );
}
