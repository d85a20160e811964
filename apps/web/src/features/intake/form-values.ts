/** Reading the forms of the intake and follow-up pages: FormData in, the API's shapes out. */

export const text = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();

/** A text the API takes as optional: left out when empty, so the API's own default holds. */
export const optional = (form: FormData, name: string): string | undefined => text(form, name) || undefined;

/**
 * A datetime-local value (the browser's zone, Europe/Amsterdam for the centre) as ISO 8601 UTC;
 * an empty or broken value is sent as it is, so the API names the field in its 400.
 */
export function isoFrom(local: string): string {
  if (!local) return '';
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

/** An ISO moment as the value of a datetime-local field, in the browser's own zone. */
export function localValue(iso: string | Date): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A number field: empty stays undefined, anything else is sent as a number (or as typed, for the API to refuse). */
export function numberOrUndefined(form: FormData, name: string): number | undefined {
  const value = text(form, name);
  if (!value) return undefined;
  const n = Number(value.replace(',', '.'));
  return Number.isFinite(n) ? n : (value as unknown as number);
}

export const all = (form: FormData, name: string): string[] => form.getAll(name).map(String);
