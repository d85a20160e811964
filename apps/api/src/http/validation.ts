import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { invalid, type FieldProblem } from '@oneroof/platform';
import { inputProblems } from './input-guard';

export const REQUIRED_MESSAGE = 'is required';

/**
 * Flattens class-validator's tree into `errors: [{field, message}]` with dotted paths (`checklist.risks`,
 * `actions[0].title`). A field that is missing says so once ("is required") rather than listing
 * every rule its absent value breaks; a field that is present keeps each rule's message.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent === '' ? error.property : isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const missing = error.value === undefined && error.constraints !== undefined && !error.constraints.whitelistValidation;
    if (missing) {
      problems.push({ field, message: REQUIRED_MESSAGE });
      continue;
    }
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push({ field, message: message.replace(/^property (\S+) should not exist$/, '$1 is not a known field') });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

/**
 * Every body this API takes is a JSON object. A string, array or null would otherwise be validated
 * as if it were one, and an array's indexes reported as unknown fields `0`, `1`, which helps nobody.
 * Before any DTO sees them, every body, query and path parameter is walked once for what no field
 * may hold (input-guard.ts): a NUL character, or nesting deeper than 32 levels.
 */
class JsonObjectValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw invalid([{ field: 'body', message: 'The body must be a JSON object.' }]);
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      // @Body('x') and @Param('id') hand over one part, named by `data`, one level below the whole.
      const problems = metadata.data ? inputProblems(value, metadata.data, 2) : inputProblems(value);
      if (problems.length > 0) throw invalid(problems);
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused, not silently dropped: a client that misspells a field must hear of it. */
export function createValidationPipe(): ValidationPipe {
  return new JsonObjectValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // The value tells a missing field from a wrong one; only field and message reach the client.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => invalid(flattenValidationErrors(errors)),
  });
}
