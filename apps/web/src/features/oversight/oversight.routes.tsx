import { lazy } from 'react';
import { match } from '../../router';
import { NotFoundPage } from '../common/not-found.page';

/**
 * The coordinators' (/oversight/…) and admins' (/admin/…) pages, behind one route line of the app.
 * Each page loads when first opened (recharts only with the handover audit). Whether the user may
 * see what a page asks for is the API's answer, shown in words; the links are shown by role only
 * to keep the menu short.
 */
const HandoverAuditPage = lazy(() => import('./handover-audit.page').then((m) => ({ default: m.HandoverAuditPage })));
const AuditSearchPage = lazy(() => import('./audit-search.page').then((m) => ({ default: m.AuditSearchPage })));
const PersonAccessPage = lazy(() => import('./person-access-log.page').then((m) => ({ default: m.PersonAccessPage })));
const PersonAccessLogPage = lazy(() => import('./person-access-log.page').then((m) => ({ default: m.PersonAccessLogPage })));
const EmergencyReviewsPage = lazy(() => import('./emergency-reviews.page').then((m) => ({ default: m.EmergencyReviewsPage })));
const OrganisationsPage = lazy(() => import('../admin/organisations.page').then((m) => ({ default: m.OrganisationsPage })));
const UsersPage = lazy(() => import('../admin/users.page').then((m) => ({ default: m.UsersPage })));
const DeadLettersPage = lazy(() => import('../admin/dead-letters.page').then((m) => ({ default: m.DeadLettersPage })));
const SessionsPage = lazy(() => import('../admin/sessions.page').then((m) => ({ default: m.SessionsPage })));

export const isOversightPath = (path: string) => /^\/(oversight|admin|sessions)(\/|$)/.test(path);

export function OversightRoutes({ path }: { path: string }) {
  switch (path) {
    case '/oversight/handovers':
      return <HandoverAuditPage />;
    case '/oversight/audit':
      return <AuditSearchPage />;
    case '/oversight/access':
      return <PersonAccessPage />;
    case '/oversight/emergency-access':
      return <EmergencyReviewsPage />;
    case '/admin/organisations':
      return <OrganisationsPage />;
    case '/admin/users':
      return <UsersPage />;
    case '/admin/dead-letters':
      return <DeadLettersPage />;
    case '/sessions':
      return <SessionsPage />;
  }
  const person = match('/oversight/persons/:id', path);
  if (person) return <PersonAccessLogPage key={person.id} personId={person.id} />;
  return <NotFoundPage />;
}
