/** design.md §4: five consecutive failures (passwords and second-factor codes alike) lock an email for 15 minutes. */
export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;
