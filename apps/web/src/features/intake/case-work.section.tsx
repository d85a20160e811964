import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from '../../router';
import { EmergencyBanner } from '../emergency-access/emergency-banner';

/**
 * On the case file: the emergency-access banner when this user broke the glass, and the way to the
 * joint intake and the follow-ups of the case. Links, not rules: each page shows what the API allows.
 */
export function CaseWorkSection({ caseId }: { caseId: string }) {
  const intl = useIntl();
  return (
    <>
      <EmergencyBanner caseId={caseId} />
      <nav aria-label={intl.formatMessage({ id: 'caseWork.nav' })} className="or-case-nav">
        <Paragraph>
          <Link to={`/cases/${caseId}/intake`}>
            <FormattedMessage id="caseWork.intake" />
          </Link>
        </Paragraph>
        <Paragraph>
          <Link to={`/cases/${caseId}/follow-ups`}>
            <FormattedMessage id="caseWork.followUps" />
          </Link>
        </Paragraph>
      </nav>
    </>
  );
}
