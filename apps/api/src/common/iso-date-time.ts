import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The years a date or date-time may name. Postgres takes far more, but a timer armed some days after
 * 9999-12-31 overflows timestamptz (a 500), and nothing this API records lies outside these years.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

// YYYY-MM-DDTHH:MM[:SS[.f…f]] then Z or ±HH:MM. No week or ordinal dates, no comma fractions, no
// zone-less times (which `new Date()` reads in the server's own zone), at most microseconds (Postgres' precision).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_OFFSET_MINUTES = 14 * 60;

/** A day that exists in the calendar, in the years allowed. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2026-11-23T10:00:00Z`, `2026-11-23T10:00+01:00`, `2026-11-23T10:00:00.123456Z`: a real moment in the years allowed. */
export function isIsoDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0', sign, offsetHours, offsetMinutes] = match;
  if (!isRealDay(Number(year), Number(month), Number(day))) return false;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  if (sign !== undefined && (Number(offsetMinutes) > 59 || Number(offsetHours) * 60 + Number(offsetMinutes) > MAX_OFFSET_MINUTES)) {
    return false;
  }
  // What the controllers do with it next; the pattern above only lets through what this reads exactly.
  return !Number.isNaN(new Date(value).getTime());
}

/** `2016-04-02`: a day that exists, in the years allowed. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_ONLY.exec(value);
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The one check for every date-time field this API takes; see isIsoDateTime. */
export const IsIsoDateTime = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoDateTime',
      validator: {
        validate: isIsoDateTime,
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T10:00:00Z, in the years ${MIN_YEAR} to ${MAX_YEAR}`,
      },
    },
    options,
  );

/** For date-only fields (dateOfBirth); see isIsoDate. */
export const IsIsoDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: isIsoDate,
        defaultMessage: (args) => `${args?.property} must be a date YYYY-MM-DD in the years ${MIN_YEAR} to ${MAX_YEAR}`,
      },
    },
    options,
  );
