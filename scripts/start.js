#!/usr/bin/env node
// `npm start`: build if the sources are newer than the build, create the database if missing,
// migrate, then run the API and the worker together. Either one dying stops both, so that a
// supervisor sees the failure instead of a half-running system.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = (app) => path.join(root, 'dist', 'apps', app, 'src', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  if (!fs.existsSync(stamp) || !['api', 'worker', 'cli'].every((app) => fs.existsSync(entry(app)))) return true;
  const built = fs.statSync(stamp).mtimeMs;
  return ['apps', 'libs'].some((dir) => newestMtime(path.join(root, dir)) > built);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (needsBuild()) {
  process.stdout.write('building OneRoof...\n');
  run('npm', ['run', '--silent', 'build']);
}
run(process.execPath, [entry('cli'), 'prepare']);

const children = ['api', 'worker'].map((app) => {
  const child = spawn(process.execPath, [entry(app)], { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`${app} stopped (${signal ?? `exit ${code}`}); stopping the rest.\n`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
