import { CasesError } from './cases-errors';

/**
 * design.md §8: reportedAt lies neither in the future nor after the case was opened. A rule on the
 * body's value against the case (422 naming the field), not a malformed body (that is the DTO's 400).
 */
export function checkReportedAt(reportedAt: Date, openedAt: Date, now: Date): void {
  if (reportedAt.getTime() > now.getTime()) {
    throw new CasesError('rule', 'REPORTED_IN_FUTURE', 'reportedAt cannot lie in the future.', {
      errors: [{ field: 'reportedAt', message: 'reportedAt must not be in the future' }],
    });
  }
  if (reportedAt.getTime() > openedAt.getTime()) {
    throw new CasesError('rule', 'REPORTED_AFTER_OPENED', 'reportedAt cannot lie after the case was opened.', {
      errors: [{ field: 'reportedAt', message: 'reportedAt must not be after openedAt' }],
    });
  }
}

/** Distinct and in the order given: a type named twice is one type. */
export const distinctTypes = <T extends string>(types: readonly T[] | undefined): T[] | undefined =>
  types === undefined ? undefined : [...new Set(types)];
