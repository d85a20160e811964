#!/usr/bin/env node
// `npm start`: build if the sources are newer than the build, create the database if missing,
// migrate, then run the API and the worker together. Either one dying stops both, so that a
// supervisor sees the failure instead of a half-running system.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildIfNeeded } = require('./build-if-needed');

const root = path.resolve(__dirname, '..');
const entry = (app) => path.join(root, 'dist', 'apps', app, 'src', 'main.js');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
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
