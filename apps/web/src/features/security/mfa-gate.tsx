import { lazy, type ReactNode } from 'react';
import { useMe } from './security.queries';

const EnrolPage = lazy(() => import('./enrol.page').then((m) => ({ default: m.EnrolPage })));

/**
 * design.md §9: while the user's role needs a second factor they have not set up, the API serves
 * only /api/me and enrolment; the app then shows the enrolment page instead of any other, as the
 * API's /me says (no rule decided here).
 */
export function MfaGate({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.data?.mfaEnrolmentRequired) return <EnrolPage required />;
  return <>{children}</>;
}
