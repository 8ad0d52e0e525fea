/**
 * Vitest global setup: the server and CLI built; one snapshot folder per run, shared by every worker through the environment,
 * removed at the end with the run's PostgreSQL template databases (see snapshot.ts); one PII test key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { dropTemplates, SNAPSHOT_DIR_ENV } from './snapshot.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export default function setup() {
  // The CLI tests run the built `gongfu` (packages/cli/dist), as a user does: brought up to date here
  // (an incremental build: under a second when nothing changed). From source through tsx, every
  // command paid about 0.8 s of compiling.
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/engine', 'packages/server', 'packages/cli'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-snapshots-'));
  process.env[SNAPSHOT_DIR_ENV] = dir;
  // One test key for every worker and child command: a demo snapshot encrypts households once, and
  // whoever reads them must hold the same key (tests of the key file fallback pass their own env).
  process.env.GONGFU_PII_KEY ??= Buffer.alloc(32, 7).toString('base64');
  return async () => {
    const url = process.env.GONGFU_TEST_DATABASE_URL || process.env.DATABASE_URL;
    if (url) await dropTemplates(url, dir);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
