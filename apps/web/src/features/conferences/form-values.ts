/**
 * Reading the conference and safety-plan forms: the browser's datetime-local and date fields are in
 * the user's zone (Europe/Amsterdam for the centre); the API takes ISO 8601 in UTC.
 */
export function isoFromLocal(local: string): string {
  if (!local) return '';
  const at = new Date(local);
  // An unreadable value goes to the API as typed, so that its 400 names the field.
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

/** The value a datetime-local field takes for a moment, in Europe/Amsterdam (`2026-12-01T14:05`). */
export function localDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return parts.replace(' ', 'T');
}

/** Today as YYYY-MM-DD in Europe/Amsterdam: the roster's day when none is chosen. */
export const amsterdamToday = (now: Date = new Date()): string => localDateTime(now).slice(0, 10);

export const text = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();

/** Indices 0..n-1, for the rows of a growing list (decisions, actions, agreements, goals). */
export const rows = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
