import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, IS_UUID, isUUID, ValidationTypes, type ValidatorOptions } from 'class-validator';
import { invalid, type FieldProblem } from '@oneroof/platform';
import { inputProblems, MAX_PROBLEMS } from './input-guard';

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

/** The properties of a DTO class that hold a nested DTO or an array of them (`@ValidateNested`). */
function nestedProperties(dto: abstract new (...args: never[]) => unknown): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return [...new Set(metadatas.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION).map((m) => m.propertyName))];
}

/**
 * class-validator checks an array of nested DTOs one level deep only: an item that is itself an
 * array (`findings: [[]]`, `persons: [[[]]]`) is walked as a list of further items and never
 * checked against the DTO, so it reached the services whole (a 500, or an examination stored as
 * `[{sizeMm: null}]`). Here every item of such an array, at any depth of DTOs, must be an object.
 * Runs on the transformed value, where each object item has become an instance of its DTO class.
 */
export function nestedShapeProblems(entity: object, parent = ''): FieldProblem[] {
  // Recursion is bounded: the input guard has refused anything nested deeper than MAX_INPUT_DEPTH.
  const problems: FieldProblem[] = [];
  for (const property of nestedProperties(entity.constructor as abstract new (...args: never[]) => unknown)) {
    const held = (entity as Record<string, unknown>)[property];
    const field = parent === '' ? property : `${parent}.${property}`;
    if (Array.isArray(held)) {
      held.forEach((item: unknown, index) => {
        const itemField = `${field}[${index}]`;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          problems.push({ field: itemField, message: `${itemField} must be an object` });
        } else {
          problems.push(...nestedShapeProblems(item, itemField));
        }
      });
    } else if (held !== null && typeof held === 'object') {
      problems.push(...nestedShapeProblems(held, field));
    }
    // Anything else (absent, null, a string) is for the property's own rules (@IsArray, @IsObject).
  }
  return problems;
}

type ParamClass = new () => object;

const uuidOnlyCache = new WeakMap<object, string[] | null>();

/**
 * The properties of a path-parameter DTO whose every rule is one plain `@IsUUID()` (CaseIdParam
 * and its like), or null for any other DTO. Computed once per class.
 */
function uuidOnlyProperties(dto: ParamClass): string[] | null {
  let known = uuidOnlyCache.get(dto);
  if (known === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    const plain = metadatas.every(
      (m) =>
        m.type === ValidationTypes.CUSTOM_VALIDATION && m.name === IS_UUID && (m.constraints?.[0] ?? undefined) === undefined && !m.each,
    );
    known = plain && metadatas.length > 0 ? [...new Set(metadatas.map((m) => m.propertyName))] : null;
    uuidOnlyCache.set(dto, known);
  }
  return known;
}

/**
 * The common case of a path made only of ids, decided by class-validator's own isUUID without its
 * and class-transformer's machinery around it (about a twentieth of the case read's time, issue
 * 11's profile): exactly the DTO's properties, each a UUID. Anything else, null, goes the whole
 * way, which also words the problems.
 */
function plainUuidParams(value: unknown, metadata: ArgumentMetadata): object | null {
  if (metadata.type !== 'param' || metadata.data || typeof metadata.metatype !== 'function') return null;
  const properties = uuidOnlyProperties(metadata.metatype as ParamClass);
  if (!properties || value === null || typeof value !== 'object') return null;
  const given = value as Record<string, unknown>;
  const keys = Object.keys(given);
  if (keys.length !== properties.length || !properties.every((p) => Object.hasOwn(given, p) && isUUID(given[p]))) return null;
  const instance = new (metadata.metatype as ParamClass)() as Record<string, unknown>;
  for (const p of properties) instance[p] = given[p];
  return instance;
}

/**
 * Every body this API takes is a JSON object. A string, array or null would otherwise be validated
 * as if it were one, and an array's indexes reported as unknown fields `0`, `1`, which helps nobody.
 * Before any DTO sees them, every body, query and path parameter is walked once for what no field
 * may hold (input-guard.ts): a NUL character, a lone surrogate, or nesting deeper than 32 levels.
 * After class-transformer, every array of nested DTOs must hold objects (nestedShapeProblems).
 */
class JsonObjectValidationPipe extends ValidationPipe {
  protected override validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    const problems = nestedShapeProblems(object);
    if (problems.length > 0) throw invalid(problems.slice(0, MAX_PROBLEMS));
    return super.validate(object, validatorOptions);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const ids = plainUuidParams(value, metadata);
    if (ids) return ids;
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
