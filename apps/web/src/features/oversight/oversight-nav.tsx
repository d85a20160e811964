import './oversight.css';
import { FormattedMessage } from 'react-intl';
import { Link, usePath } from '../../router';
import type { User } from '../../session/session';

const COORDINATOR = [
  ['/oversight/handovers', 'nav.oversight.handovers'],
  ['/oversight/audit', 'nav.oversight.audit'],
  ['/oversight/access', 'nav.oversight.access'],
  ['/oversight/emergency-access', 'nav.oversight.emergency'],
] as const;
const ADMIN = [
  ['/admin/organisations', 'nav.admin.organisations'],
  ['/admin/users', 'nav.admin.users'],
  ['/admin/dead-letters', 'nav.admin.deadLetters'],
] as const;

/**
 * The menu links of the coordinators' and admins' pages, by the roles /api/me gave. Showing a link
 * decides nothing: the API answers each page's requests for itself. Everyone has their sessions.
 */
export function OversightNav({ user }: { user: User }) {
  const path = usePath();
  const links = [
    ...(user.roles.includes('coordinator') ? COORDINATOR : []),
    ...(user.roles.includes('admin') ? ADMIN : []),
    ['/sessions', 'nav.sessions'] as const,
  ];
  return (
    <>
      {links.map(([to, id]) => (
        <Link key={to} to={to} aria-current={path === to ? 'page' : undefined}>
          <FormattedMessage id={id} />
        </Link>
      ))}
    </>
  );
}
