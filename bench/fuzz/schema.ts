/**
 * Valid request values built from the OpenAPI document's own schemas. The document is read
 * defensively: `$ref`, `allOf` (merged), `oneOf`/`anyOf` (the first), `nullable`, dates typed as
 * objects (`{type: object, format: date}`), and schemas with neither type nor properties.
 */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
  example?: unknown;
  additionalProperties?: boolean | Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** What a value is for, so that ids and times can be ones that make sense here. */
export interface ValueHints {
  /** A uuid for a field or parameter name (`personId`, `toUserId`), or undefined for any known id. */
  uuid(name: string): string;
  /** An ISO date-time for a field name: past for what happened (`heldAt`), future for what is planned. */
  dateTime(name: string): string;
  /** A string for a field name with no format, within its lengths. */
  text(name: string, schema: Schema): string;
  number(name: string, schema: Schema): number;
}

export function resolve(doc: OpenApiDocument, schema: Schema | undefined, seen = new Set<string>()): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return {};
    const target = doc.components?.schemas?.[name];
    const { $ref: _ref, ...rest } = schema;
    return resolve(doc, { ...target, ...rest }, new Set([...seen, name]));
  }
  if (schema.allOf?.length) {
    const { allOf, ...rest } = schema;
    const parts = allOf.map((s) => resolve(doc, s, seen));
    return parts.reduce<Schema>(
      (merged, part) => ({
        ...merged,
        ...part,
        properties: { ...merged.properties, ...part.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      }),
      { ...rest },
    );
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return resolve(doc, alternatives[0], seen);
  return schema;
}

const typeOf = (schema: Schema): string | undefined => {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  // Dates are sometimes documented as objects; the format says what is meant.
  if (schema.format === 'date' || schema.format === 'date-time' || schema.format === 'uuid') return 'string';
  // `string | null` in a DTO comes out of @nestjs/swagger as a nullable object without properties.
  if (type === 'object' && schema.nullable && !schema.properties && !schema.additionalProperties) return 'string';
  if (type) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (schema.enum?.length) return typeof schema.enum[0];
  return undefined;
};

/** A valid value for `schema`; `name` is the property or parameter name it is for. */
export function validValue(doc: OpenApiDocument, raw: Schema | undefined, name: string, hints: ValueHints, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.enum?.length) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'string':
      if (schema.format === 'uuid') return hints.uuid(name);
      if (schema.format === 'date-time') return hints.dateTime(name);
      if (schema.format === 'date') return '2016-04-02';
      if (schema.format === 'email' || /email/i.test(name)) return hints.text('email', schema);
      return hints.text(name, schema);
    case 'integer':
    case 'number':
      return hints.number(name, schema);
    case 'boolean':
      return true;
    case 'array': {
      if (depth > 8) return [];
      const item = validValue(doc, schema.items, singular(name), hints, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'object': {
      if (depth > 8) return {};
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        const value = validValue(doc, property, key, hints, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      // A free object (assessment answers): something to reach into.
      if (!schema.properties) out.q1 = 'yes';
      return out;
    }
    default:
      return schema.default ?? schema.example ?? 'fuzz';
  }
}

const singular = (name: string) => (name.endsWith('Ids') ? name.slice(0, -1) : name);

export function jsonBodySchema(doc: OpenApiDocument, operation: Operation): Schema | undefined {
  const content = operation.requestBody?.content;
  if (!content) return undefined;
  const json = content['application/json'] ?? Object.values(content)[0];
  return json?.schema ? resolve(doc, json.schema) : undefined;
}
