#!/usr/bin/env node
// Builds the web app (apps/web) into dist/web with Vite. It builds into a folder of its own and
// then swaps it in, so that an API starting meanwhile (a test file next door) sees the old build or
// the new one, never half of one. With --if-needed it builds only when a source is newer.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'web');
const stamp = path.join(out, '.build-stamp');
const SOURCES = [path.join(root, 'apps', 'web'), path.join(root, 'libs', 'api-client'), path.join(root, 'libs', 'working-days')];

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const item of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, item)));
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return Math.max(...SOURCES.map(newestMtime), newestMtime(path.join(root, 'package.json'))) > built;
}

function buildWeb() {
  const next = `${out}.next-${process.pid}`;
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--outDir',
      next,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    fs.rmSync(next, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(path.join(next, '.build-stamp'), new Date().toISOString());
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(next, out);
}

module.exports = { buildWeb, needsBuild };
if (require.main === module) {
  if (!process.argv.includes('--if-needed') || needsBuild()) buildWeb();
}
