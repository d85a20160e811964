import type { TimerSpec } from '@oneroof/platform';

/** Every timer of a plan starts with `safety_plan:<planId>:`, so that a new version drops them all at once. */
export const safetyPlanTimerPrefix = (planId: string) => `safety_plan:${planId}:`;
export const checkDueKey = (planId: string, agreementId: string) => `safety_plan:${planId}:agreement:${agreementId}:check_due`;

/**
 * The durable timer that tells the responsible user an agreement's check is due (design.md §7). The
 * payload carries the moment it is for: the router notifies no one once the agreement no longer holds
 * that moment (checked since, or ended by a new version), whatever the timer table says.
 */
export function checkDueTimer(a: {
  planId: string;
  agreementId: string;
  caseId: string;
  caseReference: string;
  responsibleUserId: string;
  nextCheckAt: Date;
}): TimerSpec {
  return {
    key: checkDueKey(a.planId, a.agreementId),
    fireAt: a.nextCheckAt,
    event: {
      type: 'safety_plan.check_due',
      caseId: a.caseId,
      payload: {
        caseReference: a.caseReference,
        planId: a.planId,
        agreementId: a.agreementId,
        responsibleUserId: a.responsibleUserId,
        nextCheckAt: a.nextCheckAt.toISOString(),
      },
    },
  };
}
