#!/usr/bin/env node
// Before the browser tests: find Chromium (GONGFU_CHROMIUM, default Debian's /usr/bin/chromium).
// Missing and root on Debian/Ubuntu: install Debian's package, saying so. Missing otherwise: stop
// with one line saying exactly what to run. Never a silent skip. `.ci/run` calls this too.
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// GONGFU_CHROMIUM_DEFAULT moves the default location, for the test of this script only.
const DEFAULT = process.env.GONGFU_CHROMIUM_DEFAULT || '/usr/bin/chromium';
const path = process.env.GONGFU_CHROMIUM || DEFAULT;
const executable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

if (executable(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (path === DEFAULT && isRoot && hasApt && process.env.GONGFU_CHROMIUM_INSTALL !== 'never') {
  console.error("Chromium is missing for the browser tests: installing Debian's package (apt-get install -y chromium) …");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${r.status}); install Chromium by hand: apt-get install -y chromium`);
      process.exit(1);
    }
  }
  if (executable(path)) process.exit(0);
}
const how =
  path === DEFAULT
    ? 'run: sudo apt-get install -y chromium'
    : `set GONGFU_CHROMIUM to an executable Chromium (or unset it to use /usr/bin/chromium)`;
console.error(`Browser tests need Chromium, not found at ${path}: ${how}`);
process.exit(1);
