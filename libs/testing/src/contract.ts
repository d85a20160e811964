import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Holds every answer of the e2e suite to the committed OpenAPI document (libs/api-client/openapi.json),
 * as a validating gateway would: the operation exists, the status is documented, the content type is
 * one it documents, the body validates against its schema, and a request that succeeded validates
 * against the request body schema (else the document refuses what the server accepts). createTestApp
 * installs it on every test app; close() fails the file on any violation.
 */
export const DOCUMENT_PATH = join(__dirname, '../../api-client/openapi.json');

type Json = Record<string, unknown>;
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
interface Route {
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operations: Record<string, Operation>;
}

export interface Exchange {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  requestBody: unknown;
  payload: string | undefined;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The server takes date-times a little wider than RFC 3339's (seconds may be left out: 2026-11-23T10:00Z,
 * apps/api/src/common/iso-date-time.ts); the document promises RFC 3339 and the server always answers
 * it. Requests are checked with the wider reading, answers with RFC 3339's.
 */
const LENIENT_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function compilerFor(document: Json, lenientDateTime: boolean): Ajv2020 {
  // The document is added whole, so that `#/components/...` inside it resolves; OpenAPI's own
  // keywords (example, discriminator) are not JSON Schema's, hence strict: false.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  if (lenientDateTime) ajv.addFormat('date-time', LENIENT_DATE_TIME);
  ajv.addSchema(document, 'openapi');
  return ajv;
}

export class ContractValidator {
  private readonly responses: Ajv2020;
  private readonly requests: Ajv2020;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Json = JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as Json) {
    this.responses = compilerFor(document, false);
    this.requests = compilerFor(document, true);
    const paths = document.paths as Record<string, Record<string, Operation>>;
    this.routes = Object.entries(paths)
      .map(([template, operations]) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literalSegments: template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
        operations,
      }))
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  private schema(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = (pointer.includes('/requestBody/') ? this.requests : this.responses).compile({ $ref: `openapi#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  private errorsOf(validate: ValidateFunction): string {
    return (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '/'} ${e.message}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`,
      )
      .join('; ');
  }

  /** The violations of one exchange; none for a path the document does not describe (the docs UI, the queue dashboard, a 404 probe). */
  check(exchange: Exchange): string[] {
    const path = exchange.url.split('?')[0];
    const route = this.routes.find((r) => r.pattern.test(path));
    const method = exchange.method.toLowerCase();
    if (!route || method === 'head' || method === 'options') return [];
    const name = `${exchange.method} ${route.template} → ${exchange.status}`;
    const operation = route.operations[method];
    if (!operation) return exchange.status === 405 ? [] : [`${name}: no such operation in the document`];
    const base = `/paths/${escapePointer(route.template)}/${method}`;
    const violations: string[] = [];
    const response = operation.responses[String(exchange.status)];
    if (!response) return [`${name}: status ${exchange.status} is not documented`];
    const media = exchange.contentType?.split(';')[0].trim();
    const documented = Object.keys(response.content ?? {});
    if (documented.length === 0) {
      if (exchange.payload) violations.push(`${name}: a body (${media}) where the document has none`);
    } else if (!media || !documented.includes(media)) {
      violations.push(`${name}: content type ${media} is not one of ${documented.join(', ')}`);
    } else if (media.includes('json')) {
      let body: unknown;
      try {
        body = JSON.parse(exchange.payload ?? '');
      } catch {
        violations.push(`${name}: the body is not JSON`);
      }
      if (body !== undefined && response.content![media].schema) {
        const validate = this.schema(`${base}/responses/${exchange.status}/content/${escapePointer(media)}/schema`);
        if (!validate(body)) violations.push(`${name}: response ${this.errorsOf(validate)}`);
      }
    }
    // A request the server took must be one the document takes.
    const json = operation.requestBody?.content?.['application/json'];
    if (exchange.status < 300 && json?.schema && exchange.requestBody !== undefined) {
      const validate = this.schema(`${base}/requestBody/content/application~1json/schema`);
      if (!validate(exchange.requestBody)) violations.push(`${name}: request ${this.errorsOf(validate)}`);
    }
    return violations;
  }
}

let shared: ContractValidator | undefined;
/** One validator per test worker: the document is read and compiled once. */
export const contractValidator = (): ContractValidator => (shared ??= new ContractValidator());
