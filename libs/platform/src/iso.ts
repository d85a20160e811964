/**
 * A moment as the API writes it (ISO 8601 in UTC, design.md §4), and an absent one as null rather
 * than a missing field, so that every response mapper answers the same shape for "not yet".
 */
export function iso(at: Date): string;
export function iso(at: Date | null | undefined): string | null;
export function iso(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}
