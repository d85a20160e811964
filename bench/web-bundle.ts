import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The JavaScript a first visit loads before anything is drawn (design issue 10: under 300 kB gzip):
 * the entry script of dist/web/index.html and every chunk it preloads. Lazy pages are not in it.
 */
export interface BundleSize {
  files: { file: string; bytes: number; gzip: number }[];
  gzip: number;
  css: number;
}

export function initialBundle(webDir: string): BundleSize {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
  ].map((m) => m[1]);
  const files = scripts.map((file) => {
    const body = readFileSync(join(webDir, file));
    return { file, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  const css = [...html.matchAll(/<link rel="stylesheet"[^>]+href="\/([^"]+\.css)"/g)]
    .map((m) => gzipSync(readFileSync(join(webDir, m[1])), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
  return { files, gzip: files.reduce((n, f) => n + f.gzip, 0), css };
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
