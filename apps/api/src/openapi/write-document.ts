import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@oneroof/platform';
import { createApiApp } from '../bootstrap';
import { buildOpenApiDocument } from './document';

/**
 * `npm run openapi`: writes the OpenAPI document to the file named on the command line, from the
 * Nest app itself (its real modules, controllers and DTOs) without a database or a listening server.
 */
export async function documentOfTheApi(): Promise<object> {
  const app = await createApiApp(loadConfig({}), { logger: false, connectDatabase: false });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

export function serialiseDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: node write-document.js <file.json>\n');
    process.exit(2);
  }
  documentOfTheApi()
    .then((document) => {
      writeFileSync(resolve(target), serialiseDocument(document));
      process.stdout.write(`OpenAPI document written to ${target}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
