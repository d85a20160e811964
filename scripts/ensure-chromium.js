#!/usr/bin/env node
// The browser tests drive Debian's Chromium through playwright-core (no browser download). This
// makes sure it is there before `npm test`: installs it with apt when run as root, or stops with one
// sentence saying how.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// chromium-l10n brings Chromium's Dutch, without which it draws date fields the en-US way
// (mm/dd/yyyy): the browser tests type dates by keyboard the Dutch way (dd-mm-jjjj), so they need it.
const DUTCH = '/usr/lib/chromium/locales/nl.pak';
if (fs.existsSync(CHROMIUM) && (process.env.CHROMIUM_PATH || fs.existsSync(DUTCH))) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (fs.existsSync(CHROMIUM) && (!root || !apt)) {
  process.stderr.write('Chromium has no Dutch (the browser tests type dates the Dutch way): install it with "sudo apt-get install -y chromium-l10n".\n');
  process.exit(1);
}
if (!root || !apt) {
  process.stderr.write(
    `The browser tests need Chromium at ${CHROMIUM}: install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).\n`,
  );
  process.exit(1);
}
process.stdout.write('Chromium or its Dutch locale is missing; installing them from Debian packages (apt-get install chromium chromium-l10n)...\n');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', 'chromium', 'chromium-l10n'],
]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stderr.write(`apt-get ${args.join(' ')} failed; install Chromium by hand: apt-get install -y chromium chromium-l10n.\n`);
    process.exit(1);
  }
}
