/** Runs the real `gongfu` command, built (global-setup.ts builds it), in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, postgresUrl, snapshotOf } from '../../server/test/helpers.js';
import { pgliteFolderFromSnapshot, postgresTemplate } from '../../server/test/snapshot.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'packages/cli/dist/main.js');

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function gongfu(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function run(args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    const child = gongfu(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the output so far once `pattern` appears on stdout. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output: ${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(out)) reject(new Error(`exited with ${code} before ${pattern}; output: ${out}`));
    });
  });
}

/**
 * Environment for a test file's commands: its own PGlite folder under `tmp`, or a fresh PostgreSQL
 * database when the suite runs against PostgreSQL; with `demo`, holding what `gongfu demo` loads
 * (from the run's snapshot, see server/test/snapshot.ts). Returns the env and a cleanup function.
 */
export async function commandEnvironment(
  tmp: string,
  options: { demo?: boolean } = {},
): Promise<{ env: Record<string, string>; url?: string; cleanup(): Promise<void> }> {
  const snapshot = options.demo ? snapshotOf('now') : undefined;
  if (postgresUrl) {
    const template = snapshot ? await postgresTemplate(postgresUrl, snapshot) : undefined;
    const created = await createTestDatabase({ template });
    return { env: { DATABASE_URL: created.url, GONGFU_DATA: path.join(tmp, 'unused') }, url: created.url, cleanup: created.drop };
  }
  const data = path.join(tmp, 'data');
  if (snapshot) await pgliteFolderFromSnapshot(snapshot, data);
  return { env: { GONGFU_DATA: data, DATABASE_URL: '' }, cleanup: async () => undefined };
}

export interface CommandFixture {
  /** scratch folder of the test file */
  tmp: string;
  /** environment for `run`/`gongfu`: its own PGlite folder or PostgreSQL database */
  env: Record<string, string>;
  /** connection string when the suite runs against PostgreSQL, else '' */
  url: string;
}

/** Registers the test file's command environment: created before all tests, removed after. */
export function commandFixture(prefix: string, options: { demo?: boolean } = {}): CommandFixture {
  const fixture: CommandFixture = { tmp: fs.mkdtempSync(path.join(os.tmpdir(), prefix)), env: {}, url: '' };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const e = await commandEnvironment(fixture.tmp, options);
    fixture.env = e.env;
    fixture.url = e.url ?? '';
    cleanup = e.cleanup;
  });
  afterAll(async () => {
    await cleanup?.();
    fs.rmSync(fixture.tmp, { recursive: true, force: true });
  });
  return fixture;
}
