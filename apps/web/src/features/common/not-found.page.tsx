import { Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage } from 'react-intl';
import { Link } from '../../router';

/**
 * design.md §10: one page for an id that never existed and for a case the user may not see (the
 * API answers both with the same 404), so the page gives nothing away either.
 */
export function NotFoundPage({ caseId }: { caseId?: string }) {
  return (
    <section data-testid="not-found">
      <Heading level={1}>
        <FormattedMessage id="notFound.title" />
      </Heading>
      <Paragraph>
        <FormattedMessage id="notFound.text" />
      </Paragraph>
      {caseId && (
        // Offered for any case address, seen or unknown alike, so it tells nothing (the API answers 404 for both).
        <Paragraph>
          <FormattedMessage id="notFound.emergency" />{' '}
          <Link to={`/cases/${caseId}/emergency-access`}>
            <FormattedMessage id="notFound.emergencyLink" />
          </Link>
        </Paragraph>
      )}
      <Paragraph>
        <Link to="/">
          <FormattedMessage id="notFound.back" />
        </Link>
      </Paragraph>
    </section>
  );
}
