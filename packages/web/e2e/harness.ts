/**
 * Browser-test harness: builds the web app when needed, runs the real server on a fresh database
 * (PGlite, or PostgreSQL when GONGFU_TEST_DATABASE_URL / DATABASE_URL is set) on a free port, and
 * launches Debian's Chromium through playwright-core.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../server/src/app.js';
import { systemActor } from '../../server/src/auth/actor.js';
import { hashPassword } from '../../server/src/auth/passwords.js';
import { setPasswordHash } from '../../server/src/auth/repository.js';
import { createUser, ensureAdmin } from '../../server/src/auth/service.js';
import { testConfig, testDb, type TestDb } from '../../server/test/helpers.js';
import type { Config } from '../../server/src/config.js';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.GONGFU_CHROMIUM || '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds packages/web/dist unless it is newer than every source file. */
export function ensureWebBuilt(): string {
  const dist = path.join(WEB, 'dist');
  const index = path.join(dist, 'index.html');
  const sources = Math.max(newestMtime(path.join(WEB, 'src')), fs.statSync(path.join(WEB, 'index.html')).mtimeMs);
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources) {
    execFileSync(process.execPath, [path.resolve(WEB, '../../node_modules/vite/bin/vite.js'), 'build'], { cwd: WEB, stdio: 'pipe' });
  }
  return dist;
}

export interface RunningServer {
  url: string;
  db: TestDb;
  app: FastifyInstance;
  stop(): Promise<void>;
}

export async function startServer(options: { demo?: boolean; config?: Partial<Config> } = {}): Promise<RunningServer> {
  const webDist = ensureWebBuilt();
  const db = await testDb({ demo: options.demo === false ? undefined : 'now' });
  const app = await buildApp({ store: db.store, config: testConfig({ webDist, ...options.config }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    db,
    app,
    async stop() {
      await app.close();
      await db.dispose();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium (or set GONGFU_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * The first-start administrator: `ensureAdmin` is what `gongfu serve` runs on a fresh database, and the
 * password it returns is the one the CLI prints.
 */
export async function firstStartAdmin(server: RunningServer): Promise<{ username: string; password: string }> {
  const admin = await ensureAdmin(server.db.store.db);
  if (!admin) throw new Error('users exist already: not a first start');
  return admin;
}

/** A user with a known password that need not be changed (as packages/server/test/session.ts does). */
export async function userWithPassword(
  server: RunningServer,
  username: string,
  roles: string[],
  regionCode: string | null,
  password: string,
  displayName = username,
  enterprise?: string,
): Promise<void> {
  const { id } = await createUser(server.db.store.db, systemActor('test'), { username, displayName, roles, regionCode, enterprise });
  await setPasswordHash(server.db.store.db, id, await hashPassword(password), false);
}

/** Logs in through the UI and waits until the app has left the login page. */
export async function uiLogin(page: Page, url: string, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(url + path);
  await page.locator('[data-test="login-username"]').fill(username);
  await page.locator('[data-test="login-password"]').fill(password);
  await page.locator('[data-test="login-submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Saves the file the next click downloads and returns its name and bytes. */
export async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}
