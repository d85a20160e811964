import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentOfTheApi, serialiseDocument } from './write-document';

const root = join(__dirname, '../../../..');
const committedDocument = join(root, 'libs/api-client/openapi.json');
const committedTypes = join(root, 'libs/api-client/src/schema.d.ts');

describe('the committed OpenAPI document and client types (libs/api-client)', () => {
  it('is the document the app builds now (else: npm run openapi, and commit)', async () => {
    const built = serialiseDocument(await documentOfTheApi());
    // toEqual on the parsed text names the first path that differs; the text check catches key order.
    expect(JSON.parse(readFileSync(committedDocument, 'utf8'))).toEqual(JSON.parse(built));
    expect(readFileSync(committedDocument, 'utf8')).toBe(built);
  });

  it('has the types openapi-typescript generates from it (else: npm run openapi, and commit)', () => {
    const cli = join(root, 'node_modules/openapi-typescript/bin/cli.js');
    const check = spawnSync(
      process.execPath,
      [cli, committedDocument, '-o', committedTypes, '--default-non-nullable', 'false', '--check'],
      { cwd: root, encoding: 'utf8' },
    );
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

type Node = Record<string, unknown>;

describe('the OpenAPI document bounds what a client may send', () => {
  const document = JSON.parse(readFileSync(committedDocument, 'utf8')) as Node & { paths: Record<string, Record<string, Node>> };
  const resolve = (node: Node): Node => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    return ref
      .slice(2)
      .split('/')
      .reduce<Node>((at, key) => at[key] as Node, document);
  };
  /** Every string without maxLength or enum, and every array without maxItems, under a request schema. */
  const unbounded = (node: Node, where: string, seen = new Set<Node>()): string[] => {
    const schema = resolve(node);
    if (seen.has(schema)) return [];
    seen.add(schema);
    const types = ([] as unknown[]).concat(schema.type ?? []);
    const found: string[] = [];
    if (types.includes('string') && schema.maxLength === undefined && schema.enum === undefined) found.push(`${where}: string`);
    if (types.includes('array') && schema.maxItems === undefined) found.push(`${where}: array`);
    for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Node>))
      found.push(...unbounded(child, `${where}.${name}`, seen));
    if (schema.items) found.push(...unbounded(schema.items as Node, `${where}[]`, seen));
    for (const key of ['anyOf', 'oneOf', 'allOf'])
      for (const child of (schema[key] ?? []) as Node[]) found.push(...unbounded(child, where, seen));
    return found;
  };

  it('every string of a request body or parameter has maxLength (or an enum), every array maxItems', () => {
    const found: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const body = (operation.requestBody as Node | undefined)?.content as Record<string, Node> | undefined;
        if (body?.['application/json']) found.push(...unbounded(body['application/json'].schema as Node, `${method} ${path} body`));
        for (const parameter of ((operation.parameters ?? []) as Node[]).map(resolve)) {
          found.push(...unbounded(parameter.schema as Node, `${method} ${path} ${String(parameter.name)}`));
        }
      }
    }
    expect(found).toEqual([]);
  });
});

describe('Spectral (spectral:oas and the OWASP ruleset, .spectral.yaml) on the committed document', () => {
  it('reports no error', () => {
    const cli = join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js');
    const run = spawnSync(
      process.execPath,
      [cli, 'lint', committedDocument, '--ruleset', join(root, '.spectral.yaml'), '--format', 'json', '--quiet'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const results = JSON.parse(run.stdout || '[]') as { code: string; severity: number; path: string[]; message: string }[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} ${r.path.join('/')}: ${r.message}`);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('what the document says of the fields and routes issue 9 names', () => {
  const doc = JSON.parse(readFileSync(committedDocument, 'utf8')) as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown[];
          parameters?: { $ref?: string; name?: string }[];
          responses: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
    components: {
      schemas: Record<string, { properties: Record<string, Record<string, unknown>> }>;
      securitySchemes: Record<string, unknown>;
    };
  };
  const property = (schema: string, name: string) => doc.components.schemas[schema].properties[name];
  const acceptsNull = (node: Record<string, unknown>) =>
    (Array.isArray(node.type) && node.type.includes('null')) ||
    (Array.isArray(node.anyOf) && node.anyOf.some((n: { type?: string }) => n.type === 'null'));

  it('is OpenAPI 3.1 with the real types of the person inputs', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const schema of ['PersonInputDto', 'UpdatePersonDto']) {
      expect(property(schema, 'dateOfBirth')).toMatchObject({ type: ['string', 'null'], format: 'date' });
      expect(property(schema, 'confidentialAddress')).toMatchObject({ type: ['string', 'null'], maxLength: 500 });
    }
    expect(property('UpdateCaseDto', 'version')).toMatchObject({ type: 'integer', minimum: 1, maximum: 2147483647 });
    expect(property('CaseResponse', 'openedAt')).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('lets a null through where the server answers one', () => {
    const nullable: [string, string][] = [
      ['IntakeResponse', 'conclusion'],
      ['InterviewResponse', 'disclosure'],
      ['ExaminationResponse', 'disclosure'],
      ['ExaminationResponse', 'consent'],
      ['HandoverResponse', 'meeting'],
      ['HandoverResponse', 'checklist'],
      ['EmergencyAccessResponse', 'review'],
    ];
    for (const [schema, name] of nullable) expect([schema, name, acceptsNull(property(schema, name))]).toEqual([schema, name, true]);
  });

  it('offers Idempotency-Key on every authenticated write but the feed-token route, which refuses it', () => {
    const keyed = (op: { parameters?: { $ref?: string }[] }) =>
      (op.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const write = ['post', 'put', 'patch', 'delete'].includes(method);
        const expected = write && op.security?.length !== 0 && path !== '/api/me/follow-ups.ics/token';
        expect([method, path, keyed(op)]).toEqual([method, path, expected]);
        expect((op.parameters ?? []).some((p) => p.name?.toLowerCase() === 'idempotency-key')).toBe(false);
      }
    }
  });

  it('types the CSV and the calendar as text, the feed token as its own scheme, and every error as problem+json', () => {
    expect(Object.keys(doc.paths['/api/audit/handovers'].get.responses['200'].content!)).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(doc.paths['/api/me/follow-ups.ics'].get.responses['200'].content!)).toEqual(['text/calendar']);
    expect(doc.paths['/api/me/follow-ups.ics'].get.security).toEqual([{ bearer: [] }, { feedToken: [] }]);
    expect(doc.components.securitySchemes.feedToken).toMatchObject({ type: 'apiKey', in: 'query', name: 'token' });
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
        }
      }
    }
    expect(Object.keys(doc.paths['/api/cases/{id}'].patch.responses)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '422']),
    );
    expect(Object.keys(doc.paths['/api/auth/login'].post.responses)).toContain('429');
  });
});
