import { Paragraph } from '@rijkshuisstijl-community/components-react';
import { FormattedMessage } from 'react-intl';
import { Link } from '../../router';
import { EnrolPage } from './enrol.page';
import { FlagsPage } from './flags.page';
import { useMe } from './security.queries';

/**
 * The security feature's pages (lazy-loaded as one): the second factor, and the flags' review. The
 * link to the flags is shown to coordinators as /me names their roles; the API decides access.
 */
export function SecurityRoutes({ path }: { path: string }) {
  const me = useMe();
  if (path === '/security/flags') return <FlagsPage />;
  return (
    <>
      <EnrolPage />
      {me.data?.roles.includes('coordinator') && (
        <Paragraph>
          <Link to="/security/flags">
            <FormattedMessage id="security.nav.flags" />
          </Link>
        </Paragraph>
      )}
    </>
  );
}

export default SecurityRoutes;
