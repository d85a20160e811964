#!/usr/bin/env node
// Builds when there is no build yet or a source is newer than it, so that `npm start`,
// `npm run migrate`, `seed:demo` and `bench` never run a stale build (a stale build would, for one,
// miss the newest migrations).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const SOURCE_DIRS = ['apps', 'libs', 'bench'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.name === 'node_modules') continue;
    if (item.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(ts|tsx|css|json|html)$/.test(item.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const newest = Math.max(
    ...SOURCE_DIRS.map((dir) => newestMtime(path.join(root, dir))),
    ...SOURCE_FILES.map((file) => (fs.existsSync(path.join(root, file)) ? fs.statSync(path.join(root, file)).mtimeMs : 0)),
  );
  return newest > built;
}

// tolerateTypeErrors (the test run's set-up): tsc still emits JavaScript on a type error elsewhere
// in the tree, and the typecheck step reports it; only a build without the entry points stops.
function buildIfNeeded({ tolerateTypeErrors = false } = {}) {
  if (!needsBuild()) return;
  process.stdout.write('building OneRoof...\n');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status === 0) return;
  const entries = ['api', 'worker'].map((app) => path.join(root, 'dist', 'apps', app, 'src', 'main.js'));
  if (tolerateTypeErrors && entries.every((entry) => fs.existsSync(entry))) {
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString());
    return;
  }
  process.exit(result.status ?? 1);
}

module.exports = { buildIfNeeded };
if (require.main === module) buildIfNeeded();
