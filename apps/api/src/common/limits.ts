import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The largest value of a Postgres `integer` (int4) column: versions, minutes. One more is an "out of range" error, a 500. */
export const INT4_MAX = 2147483647;

/**
 * The length Postgres' length() gives a text: its code points. class-validator's MaxLength counts
 * differently (it skips a variation selector U+FE0F after a character), so a name it lets through
 * could break a `CHECK (length(name) <= n)` and become a 500. Stops counting past `limit`.
 */
export function charCount(value: string, limit = Infinity): number {
  let count = 0;
  for (const _ of value) {
    if (++count > limit) break;
  }
  return count;
}

/** MaxLength as Postgres counts: at most `max` code points. The message is MaxLength's. */
export const MaxChars = (max: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && charCount(value, max) <= max,
        defaultMessage: (args) => `${args?.property} must be shorter than or equal to ${max} characters`,
      },
    },
    options,
  );
