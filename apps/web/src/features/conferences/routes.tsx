import { match } from '../../router';
import type { User } from '../../session/session';
import { SafetyPlanPage } from '../safety-plan/safety-plan.page';
import { ConferencePage } from './conference.page';
import { ReviewRosterPage } from './review-roster.page';

/**
 * The pages of design.md §7, loaded together when one is first opened (app.tsx lazy-loads this
 * module), so the first load's JavaScript stays within its budget.
 */
export function ConferenceRoutes({ path, me }: { path: string; me: User }) {
  if (path === '/review-roster') return <ReviewRosterPage />;
  const conference = match('/conferences/:id', path);
  if (conference) return <ConferencePage key={conference.id} id={conference.id} me={me} />;
  const plan = match('/cases/:id/safety-plan', path);
  if (plan) return <SafetyPlanPage key={plan.id} caseId={plan.id} />;
  return null;
}
