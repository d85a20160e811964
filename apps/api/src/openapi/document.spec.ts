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
    const check = spawnSync(process.execPath, [cli, committedDocument, '-o', committedTypes, '--check'], { cwd: root, encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
