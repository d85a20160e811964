import type { FieldProblem } from '@oneroof/platform';
import type { AgreementStatus, CheckResult, NewSafetyPlanInput } from './safety-plan-model';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An agreement's first check: `agreedAt` plus `checkEveryDays`, unless given (design.md §7). */
export const firstCheckAt = (agreedAt: Date, checkEveryDays: number, given?: Date | null): Date =>
  given ?? new Date(agreedAt.getTime() + checkEveryDays * DAY_MS);

/**
 * What a check does to its agreement: a check later than every check before it moves `nextCheckAt`
 * to `checkedAt` plus `checkEveryDays` and sets the status to its result (`broken` stays until a
 * later `holds`). A check recorded afterwards for an earlier moment is kept, and moves nothing.
 */
export function applyCheck(
  agreement: { status: AgreementStatus; lastCheckedAt: Date | null; nextCheckAt: Date; checkEveryDays: number },
  check: { checkedAt: Date; result: CheckResult },
): { status: AgreementStatus; nextCheckAt: Date; lastCheckedAt: Date | null; moved: boolean; becameBroken: boolean } {
  if (agreement.lastCheckedAt !== null && check.checkedAt.getTime() < agreement.lastCheckedAt.getTime()) {
    return {
      status: agreement.status,
      nextCheckAt: agreement.nextCheckAt,
      lastCheckedAt: agreement.lastCheckedAt,
      moved: false,
      becameBroken: false,
    };
  }
  return {
    status: check.result,
    nextCheckAt: new Date(check.checkedAt.getTime() + agreement.checkEveryDays * DAY_MS),
    lastCheckedAt: check.checkedAt,
    moved: true,
    becameBroken: check.result === 'broken' && agreement.status !== 'broken',
  };
}

/**
 * One approach for the whole family (design.md §7): a plan for a case with an alleged perpetrator
 * carries at least one goal for each such person, or says why not (`noPerpetratorGoalReason`).
 * Returns the alleged perpetrators without a goal when no reason is given.
 */
export function perpetratorsWithoutGoal(
  perpetratorIds: string[],
  input: Pick<NewSafetyPlanInput, 'goals' | 'noPerpetratorGoalReason'>,
): string[] {
  if (input.noPerpetratorGoalReason && input.noPerpetratorGoalReason.trim().length > 0) return [];
  const withGoal = new Set((input.goals ?? []).map((g) => g.personId.toLowerCase()));
  return perpetratorIds.filter((id) => !withGoal.has(id.toLowerCase()));
}

/** Every agreement names whom it concerns (design.md §7): 422 naming `agreements[i].personIds` otherwise. */
export function agreementsWithoutPersons(input: Pick<NewSafetyPlanInput, 'agreements'>): FieldProblem[] {
  return (input.agreements ?? []).flatMap((a, i) =>
    (a.personIds ?? []).length === 0
      ? [{ field: `agreements[${i}].personIds`, message: 'an agreement names the persons it concerns' }]
      : [],
  );
}
