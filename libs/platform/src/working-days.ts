import { addWorkingDays } from '@oneroof/working-days';

/**
 * The working-day rule itself lives in libs/working-days, which the web app imports as well (one
 * rule, not a copy per side); platform passes it on to every context and adds the handover defaults.
 */
export { addWorkingDays, workingDaysBetween, WORKING_TIME_ZONE } from '@oneroof/working-days';

/** design.md §2: a handover's respondBy defaults to 5 working days after the proposal. */
export const DEFAULT_RESPONSE_WORKING_DAYS = 5;

/** The default deadline of a proposal made at `proposedAt`. */
export const defaultRespondBy = (proposedAt: Date): Date => addWorkingDays(proposedAt, DEFAULT_RESPONSE_WORKING_DAYS);

/** The receiver's reminder: halfway between proposal and deadline (design.md §2). */
export const responseDueAt = (proposedAt: Date, respondBy: Date): Date =>
  new Date(proposedAt.getTime() + Math.floor((respondBy.getTime() - proposedAt.getTime()) / 2));
