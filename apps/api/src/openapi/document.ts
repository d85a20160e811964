import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC, REQUIRED_ROLES } from '@oneroof/identity';
import { MAX_LIMIT } from '@oneroof/platform';
import { getMetadataStorage } from 'class-validator';

/** The part of class-validator's ValidationMetadata (not exported by its index) read here. */
interface ValidationMetadata {
  type: string;
  name?: string;
  propertyName: string;
  constraints: unknown[];
  each?: boolean;
}
import { FeedAuthGuard } from '../follow-ups/feed-auth.guard';
import { API_PROBLEMS, REFUSES_IDEMPOTENCY_KEY } from './decorators';

/**
 * The OpenAPI 3.1 document of the API, built from the running module graph and then made true in
 * one pass driven by metadata, not by hand per route:
 * - request schemas and query/path parameters take their types, formats, enums, limits, required
 *   and nullable from the class-validator decorators the ValidationPipe enforces;
 * - each operation's security from @Public() and FeedAuthGuard; Idempotency-Key on every
 *   authenticated write but those marked @RefusesIdempotencyKey();
 * - each operation's problem+json answers from its shape (401, 400, 404, 413, 415, 422, 403 for
 *   @Roles, 500) plus the domain statuses its route declares with @ApiProblems();
 * - OpenAPI 3.0's `nullable` rewritten as 3.1's `type: [..., 'null']` or `anyOf` with null.
 */
type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  nullable?: boolean;
};
type Parameter = { name?: string; in?: string; schema?: Schema; required?: boolean; description?: string; $ref?: string };
type Operation = Record<string, unknown> & {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
};

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const ROUTE_ARGS = '__routeArguments__';
const GUARDS = '__guards__';
const PARAM_QUERY = 4;
const PARAM_PATH = 5;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: problem+json whose `errors` name each field',
  401: 'No valid access token (or feed token)',
  403: 'The caller may see this but its role or discipline may not do it',
  404: 'Not found, or not visible to the caller (the same answer)',
  409: 'A stale version, or a state that forbids the action',
  413: 'The body is larger than 1 MiB',
  415: 'The body is not JSON',
  422: 'A rule the body breaks (`errors`, `missing`), or an Idempotency-Key reused with another body',
  429: 'Too many attempts from this address; Retry-After in seconds',
  500: 'Something went wrong on the server; quote the request id',
  503: 'Not ready: `missing` names what is unreachable',
};

/** Everything each operation's route tells about itself, by operationId (`Controller_method`, as Nest's swagger names them). */
interface RouteFacts {
  isPublic: boolean;
  feedToken: boolean;
  roles: string[];
  problems: number[];
  refusesIdempotencyKey: boolean;
  query?: Type;
  path?: Type;
}

function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[method] as unknown;
        if (method === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata('method', handler) === undefined) continue;
        const read = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        const guards = [...(Reflect.getMetadata(GUARDS, controller) ?? []), ...(Reflect.getMetadata(GUARDS, handler) ?? [])];
        const args = (Reflect.getMetadata(ROUTE_ARGS, controller, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Type[];
        const argType = (kind: number): Type | undefined => {
          const entry = Object.entries(args).find(([key, arg]) => key.split(':')[0] === String(kind) && arg.data === undefined);
          return entry ? types[entry[1].index] : undefined;
        };
        facts.set(`${controller.name}_${method}`, {
          isPublic: read<boolean>(IS_PUBLIC) === true,
          feedToken: guards.includes(FeedAuthGuard),
          roles: read<string[]>(REQUIRED_ROLES) ?? [],
          problems: [...(Reflect.getMetadata(API_PROBLEMS, controller) ?? []), ...(Reflect.getMetadata(API_PROBLEMS, handler) ?? [])],
          refusesIdempotencyKey: read<boolean>(REFUSES_IDEMPOTENCY_KEY) === true,
          query: argType(PARAM_QUERY),
          path: argType(PARAM_PATH),
        });
      }
    }
  }
  return facts;
}

/** class-validator's decorators of every validated class, by class name (the name swagger gives its schema). */
function validatedClasses(): Map<string, Type> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Type, ValidationMetadata[]> };
  const classes = new Map<string, Type>();
  for (const target of storage.validationMetadatas.keys()) if (typeof target === 'function') classes.set(target.name, target);
  return classes;
}

function metadataOf(target: Type): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false) as unknown as ValidationMetadata[]) {
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  return byProperty;
}

const CONDITIONAL = 'conditionalValidation';

/** Whether the property may be left out, and whether it may be null, as its conditional validators decide. */
function presence(property: string, metas: ValidationMetadata[]): { optional: boolean; nullable: boolean } {
  const conditions = metas.filter((m) => m.type === CONDITIONAL).map((m) => m.constraints[0] as (o: object, v: unknown) => boolean);
  const skips = (value: unknown) => conditions.some((condition) => !condition({ [property]: value }, value));
  return { optional: skips(undefined), nullable: skips(null) };
}

const isRef = (schema: Schema) => schema.$ref !== undefined || schema.allOf !== undefined;

/** One property's schema, from the validators the ValidationPipe runs on it. */
function refineProperty(schema: Schema, metas: ValidationMetadata[]): Schema {
  let out: Schema = { ...schema };
  if (out.allOf?.length === 1 && Object.keys(out).every((k) => ['allOf', 'nullable', 'description', 'default'].includes(k))) {
    const { allOf, ...rest } = out;
    out = { ...rest, ...allOf[0] };
  }
  delete out.nullable;
  for (const meta of metas) {
    const target: Schema = meta.each ? (out.items = { ...(out.items ?? {}) }) : out;
    const [first] = (meta.constraints ?? []) as unknown[];
    const setType = (type: string) => {
      if (!isRef(target)) target.type = type;
    };
    switch (meta.name) {
      case 'isInt':
        setType('integer');
        break;
      case 'isNumber':
        setType('number');
        break;
      case 'isString':
        setType('string');
        break;
      case 'isBoolean':
        setType('boolean');
        break;
      case 'isObject':
        if (!isRef(target)) target.type = 'object';
        break;
      case 'isArray':
        out.type = 'array';
        break;
      case 'min':
        target.minimum = first;
        break;
      case 'max':
        target.maximum = first;
        break;
      case 'minLength':
        target.minLength = first;
        break;
      case 'maxLength':
      case 'maxChars':
        target.maxLength = first;
        break;
      case 'isNotEmpty':
        if (target.type === 'string' || target.type === undefined) target.minLength = Math.max(Number(target.minLength ?? 0), 1);
        break;
      case 'arrayMaxSize':
        out.maxItems = first;
        break;
      case 'arrayMinSize':
        out.minItems = first;
        break;
      case 'isUuid':
        setType('string');
        target.format = 'uuid';
        break;
      case 'isEmail':
        setType('string');
        target.format = 'email';
        break;
      case 'isIsoDateTime':
        setType('string');
        target.format = 'date-time';
        break;
      case 'isIsoDate':
        setType('string');
        target.format = 'date';
        break;
      case 'matches':
        if (first instanceof RegExp) target.pattern = first.source;
        break;
      case 'isIn':
        if (Array.isArray(first)) {
          target.enum = first;
          if (first.every((v) => typeof v === 'boolean')) target.type = 'boolean';
          else if (first.every((v) => typeof v === 'string')) target.type = 'string';
        }
        break;
      default:
        break;
    }
  }
  if (out.type === 'array' && out.items && Object.keys(out.items).length === 0) out.items = {};
  if (out.items && (out.items.type === 'integer' || out.items.type === 'number' || out.items.type === 'boolean')) delete out.items.format;
  return out;
}

/** A request schema (or a parameter DTO) from its class's validators: properties, required and nullable. */
function refineObjectSchema(schema: Schema, target: Type): void {
  const metadata = metadataOf(target);
  const required: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const metas = metadata.get(name);
    if (!metas) continue;
    const refined = refineProperty(property, metas);
    const { optional, nullable } = presence(name, metas);
    schema.properties![name] = nullable ? withNull(refined) : refined;
    if (!optional) required.push(name);
  }
  for (const name of Object.keys(schema.properties ?? {})) {
    if (!metadata.has(name) && schema.required?.includes(name)) required.push(name);
  }
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  // ValidationPipe's forbidNonWhitelisted: a field it does not know is a 400.
  schema.additionalProperties = false;
}

/** OpenAPI 3.1 nullability: a null type beside the type, or `anyOf` with null around a reference. */
function withNull(schema: Schema): Schema {
  const { nullable: _nullable, ...rest } = schema;
  if (rest.$ref !== undefined || rest.allOf !== undefined || rest.anyOf !== undefined || rest.oneOf !== undefined) {
    const { description, default: fallback, ...inner } = rest;
    // Nest writes a nullable reference as `{type: object, allOf: [ref]}`: the reference alone says it.
    if (inner.allOf?.length === 1 && inner.type === 'object') delete inner.type;
    const inside = inner.allOf?.length === 1 && Object.keys(inner).length === 1 ? inner.allOf[0] : inner;
    return {
      ...(description ? { description } : {}),
      ...(fallback !== undefined ? { default: fallback } : {}),
      anyOf: [inside, { type: 'null' }],
    };
  }
  const type = rest.type;
  const types = Array.isArray(type) ? type : type ? [type] : [];
  const out: Schema = { ...rest, ...(types.length ? { type: types.includes('null') ? types : [...types, 'null'] } : {}) };
  if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (!types.length) return { anyOf: [rest, { type: 'null' }] };
  return out;
}

/** Every 3.0 `nullable: true` left (response schemas, which no validator describes) becomes 3.1. */
function rewriteNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewriteNullable(value);
  return out.nullable === true ? withNull(out) : out;
}

/** Bounds the server's own output has by construction: ids, dates and times, and pages of at most MAX_LIMIT. */
function boundFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(boundFormats);
  if (node === null || typeof node !== 'object') return;
  const schema = node as Schema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string') && schema.maxLength === undefined && schema.enum === undefined) {
    const bound = { uuid: 36, date: 10, 'date-time': 35, email: 254 }[String(schema.format)];
    if (bound !== undefined) schema.maxLength = bound;
  }
  // Integers as JSON carries them: within a JavaScript number's exact range unless a validator says less.
  if (types.includes('integer')) {
    schema.minimum ??= Number.MIN_SAFE_INTEGER;
    schema.maximum ??= Number.MAX_SAFE_INTEGER;
    schema.format ??= Number(schema.minimum) >= -2147483648 && Number(schema.maximum) <= 2147483647 ? 'int32' : 'int64';
  }
  // A free-form object (an instrument's answers, a timeline item's detail) takes any members.
  if (types.includes('object') && !schema.properties && schema.additionalProperties === undefined && !isRef(schema)) {
    schema.additionalProperties = true;
  }
  Object.values(schema).forEach(boundFormats);
}

const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details; every error of the API is answered as one (design.md §4).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', maxLength: 200, description: 'urn:oneroof:problem:<code>' },
    title: { type: 'string', maxLength: 100 },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', maxLength: 2000 },
    code: { type: 'string', maxLength: 100, description: 'the machine-readable reason, e.g. STALE_VERSION' },
    requestId: { type: 'string', maxLength: 128 },
    errors: {
      type: 'array',
      maxItems: 1000,
      description: 'for invalid input: one entry per problem, naming its field (`checklist.risks`, `actions[0].title`)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', maxLength: 1000 }, message: { type: 'string', maxLength: 2000 } },
      },
    },
    missing: {
      type: 'array',
      maxItems: 100,
      description: 'where a rule names what is lacking',
      items: { type: 'string', maxLength: 200 },
    },
  },
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A retry with the same key and body returns the first answer and does nothing twice; the same key with another body gets 422.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

function problemResponse(status: number, description?: unknown): Record<string, unknown> {
  return {
    description: typeof description === 'string' && description !== '' ? description : STATUS_DESCRIPTIONS[status],
    // The login limit counts per minute (login.service.ts), so the wait is 1 to 60 seconds.
    ...(status === 429
      ? { headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer', minimum: 1, maximum: 60 } } } }
      : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function refineOperation(method: string, operation: Operation, facts: RouteFacts | undefined): void {
  const write = WRITE_METHODS.has(method);
  const authenticated = !facts?.isPublic || facts.feedToken;
  // Security: none on public routes; bearer or the feed token on the calendar feed; bearer elsewhere.
  operation.security = facts?.feedToken ? [{ bearer: [] }, { feedToken: [] }] : facts?.isPublic ? [] : [{ bearer: [] }];

  // Parameters: refined by the query and path DTOs' validators; Idempotency-Key where the interceptor honours it.
  const parameters = (operation.parameters ?? []).filter((p) => !(p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key'));
  for (const parameter of parameters) {
    const dto = parameter.in === 'query' ? facts?.query : parameter.in === 'path' ? facts?.path : undefined;
    const metas = dto ? metadataOf(dto).get(String(parameter.name)) : undefined;
    if (!metas) continue;
    parameter.schema = refineProperty(parameter.schema ?? {}, metas);
    parameter.required = parameter.in === 'path' || !presence(String(parameter.name), metas).optional;
  }
  if (facts?.feedToken) {
    const token = parameters.find((p) => p.name === 'token' && p.in === 'query');
    if (token) token.description = 'the feed token (security scheme feedToken), for calendar apps that cannot send a bearer token';
  }
  const keyed = write && !facts?.isPublic && !facts?.refusesIdempotencyKey;
  if (keyed) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  operation.parameters = parameters;

  // Responses: what the swagger decorators say, bodies of other media types as text, then the problems.
  for (const response of Object.values(operation.responses)) {
    const content = response.content as Record<string, { schema?: Schema }> | undefined;
    for (const [media, body] of Object.entries(content ?? {})) {
      if (!media.includes('json')) body.schema = { type: 'string', maxLength: 100 * 1024 * 1024 };
    }
  }
  const hasInput = write || (operation.parameters?.length ?? 0) > 0;
  // Statuses the swagger decorators declared already are answered as problems too.
  const declared = Object.keys(operation.responses)
    .map(Number)
    .filter((status) => status >= 400);
  const statuses = new Set<number>([...declared, ...(facts?.problems ?? [])]);
  if (hasInput) statuses.add(400);
  if (authenticated) statuses.add(401);
  // 403 for a role, and for an analyst (figures only, design.md §8), whom the roles guard refuses on
  // nearly every authenticated route (analyst-policy.ts): documented on each of them.
  if (facts?.roles.length || authenticated) statuses.add(403);
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  if (write) {
    statuses.add(413);
    statuses.add(415);
  }
  if (keyed) statuses.add(422);
  statuses.add(500);
  for (const status of [...statuses].sort((x, y) => x - y)) {
    const existing = operation.responses[String(status)];
    operation.responses[String(status)] = problemResponse(status, existing?.description);
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const raw = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OneRoof API')
      .setDescription(
        'Case coordination for a multidisciplinary centre against child abuse and domestic violence (design.md §4). ' +
          'Errors are application/problem+json (RFC 9457). Times are ISO 8601 in UTC; ids are UUIDs.',
      )
      .setVersion('0.1.0')
      .setLicense('EUPL-1.2', 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
      .addServer(
        '/',
        'The installation itself (production, staging or local): the API is served from its own origin',
        {},
        { 'x-internal': false },
      )
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token from POST /api/auth/login: an HS256 JWT whose signature, algorithm, exp, iss and aud are all checked ' +
          '(RFC8725 best practices: one algorithm, never none, audience and issuer required).',
      })
      .addSecurity('feedToken', {
        type: 'apiKey',
        in: 'query',
        name: 'token',
        description: 'The calendar feed token of POST /api/me/follow-ups.ics/token, for calendar apps; it serves that feed only.',
      })
      .build(),
  ) as unknown as Record<string, unknown> & { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

  const facts = routeFacts(app);
  const classes = validatedClasses();
  const schemas = (raw.components.schemas ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(schemas)) {
    const target = classes.get(name);
    if (target) refineObjectSchema(schema, target);
  }
  // Pages (PageOf): at most ?limit= items, and a cursor that ?cursor= takes back (at most 512 characters).
  for (const schema of Object.values(schemas)) {
    const { items, nextCursor } = schema.properties ?? {};
    if (items?.type === 'array' && nextCursor !== undefined) {
      items.maxItems = MAX_LIMIT;
      nextCursor.maxLength = 512;
    }
  }
  const tags = new Set<string>();
  for (const [, item] of Object.entries(raw.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      refineOperation(method, operation, facts.get(operation.operationId));
      for (const tag of (operation.tags as string[] | undefined) ?? []) tags.add(tag);
    }
  }
  const document = rewriteNullable({
    ...raw,
    openapi: '3.1.0',
    tags: [...tags].sort().map((name) => ({ name })),
    security: [{ bearer: [] }],
    components: {
      ...raw.components,
      schemas: { ...schemas, Problem: PROBLEM_SCHEMA },
      parameters: { IdempotencyKey: IDEMPOTENCY_KEY },
    },
  });
  boundFormats(document);
  return document as OpenAPIObject;
}
