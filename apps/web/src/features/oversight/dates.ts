/** A date field's day (yyyy-mm-dd) as the moment it starts, and as the moment the day after starts, on the browser's clock. */
export const startOfDay = (day: string): string | undefined => (day ? new Date(`${day}T00:00`).toISOString() : undefined);

export function endOfDay(day: string): string | undefined {
  if (!day) return undefined;
  const next = new Date(`${day}T00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

/** Hours as a tired reader takes them in: "36 uur (1,5 dag)" is for the page; here one decimal at most. */
export const roundHours = (hours: number | null | undefined): number | null => (hours == null ? null : Math.round(hours * 10) / 10);
