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
