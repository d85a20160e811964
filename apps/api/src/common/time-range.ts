import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

/** `to` must not lie before `from`; named on `to`, the field to correct. */
@ValidatorConstraint({ name: 'notBeforeFrom' })
export class NotBeforeFrom implements ValidatorConstraintInterface {
  validate(to: unknown, args: ValidationArguments): boolean {
    const from = (args.object as { from?: unknown }).from;
    if (typeof from !== 'string' || typeof to !== 'string') return true;
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    return Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs <= toMs;
  }
  defaultMessage(): string {
    return 'to must not be before from';
  }
}
