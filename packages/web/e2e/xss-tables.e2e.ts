/**
 * Stored XSS through the pages that draw user text in tables and dialogs only, in Chromium with the
 * real server's Content-Security-Policy on (issue 20; the charts are in xss.e2e.ts,
 * xss-modules.e2e.ts and xss-circles.e2e.ts). Hostile text is written through the real API: an
 * event report's description, address and reporter (the event list, its overflow tooltip, the case
 * page), an enterprise's name and a 双随机 draw's name and nonce (the draw list and the drawn
 * objects), and a 结对帮扶 partner and its projects (the rural pairings). Passes when every payload
 * shows as text, no payload element exists, no script ran and no CSP violation was reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadEnforceDemo } from '../../server/src/enforce/demo.js';
import { ensureEventUnitsUnscoped } from '../../server/src/events/demo.js';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { CLEAN, IMG, ok, renameSubject, SCRIPT, SVG, traces, watchedPage, type WatchedPage } from './xss-kit';

const PASSWORD = 'Xss-Tables-2025';
const KEQIAO = '330603000000';
const VILLAGE = '330603003004'; // 兴华社区, 华舍街道

let server: RunningServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;

const pollText = (selector: string, wanted: string) =>
  expect.poll(async () => (await page.locator(selector).first().textContent()) ?? '', { timeout: 20_000 }).toContain(wanted);

beforeAll(async () => {
  server = await startServer();
  const db = server.db.store.db;
  await loadMujunDemo(db, { enterprises: 60 });
  await loadEnforceDemo(db);
  await ensureEventUnitsUnscoped(db);
  // of Keqiao: the rural pages show the caller's own county
  await userWithPassword(server, 'xsstables', ['admin'], KEQIAO, PASSWORD);
  browser = await launchBrowser();
  w = await watchedPage(browser);
  page = w.page;
  await uiLogin(page, server.url, 'xsstables', PASSWORD, '/');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('hostile text in the tables of events, enforcement and rural (CSP on)', () => {
  it('events: a report’s description, address and reporter in the list, its overflow tooltip and the case page', async () => {
    const TEXT = `彩钢棚${IMG}${SCRIPT}`.repeat(3);
    const PLACE = `东侧空地${SVG}`;
    const created = await ok(page, 'POST', '/api/v1/events/cases', {
      idempotencyKey: 'xss-tables-1',
      categoryCode: 'BUILDING_ILLEGAL',
      regionCode: VILLAGE,
      description: TEXT,
      address: PLACE,
      reporterName: `张三${IMG}`.slice(0, 50),
      channel: 'web',
    });
    const id = (created.case as { id: number }).id;
    await page.goto(`${server.url}/events`);
    const cell = page.locator('.el-table__body td', { hasText: '彩钢棚<img' }).first();
    await cell.waitFor({ timeout: 20_000 });
    // Element Plus shows the cell's text in a tooltip when it overflows
    const tip = page.locator('.el-popper', { hasText: '彩钢棚<img' }).first();
    await expect
      .poll(
        async () => {
          await page.mouse.move(0, 0);
          await cell.locator('.cell').hover();
          await page.waitForTimeout(300);
          return tip.isVisible();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await tip.textContent()).toContain(`彩钢棚${IMG}`);
    expect(await traces(page)).toEqual(CLEAN);
    await page.goto(`${server.url}/events/cases/${id}`);
    await expect.poll(async () => (await page.locator('body').textContent()) ?? '', { timeout: 20_000 }).toContain(PLACE);
    expect(await page.locator('body').textContent()).toContain(TEXT);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('enforcement: a draw’s name and nonce and a drawn enterprise’s name', async () => {
    const DRAW = `专项抽查${IMG}`;
    const NONCE = `开奖号${SCRIPT}`;
    const FIRM = `抽查企业${SVG}`;
    const firms = (await ok(page, 'GET', `/api/v1/subjects?kind=enterprise&region=${KEQIAO}&limit=5000`)).items as { code: string }[];
    for (const f of firms.slice(0, 80)) await renameSubject(page, 'enterprise', f.code, `${FIRM}${f.code}`);
    const draw = await ok(page, 'POST', '/api/v1/enforce/draws', {
      name: DRAW,
      regionCode: KEQIAO,
      nonce: NONCE,
      ratios: { high: 1, medium: 1, low: 1 },
      departments: ['市场监管', '生态环境'],
    });
    expect((draw.assignments as unknown[]).length).toBeGreaterThan(0);
    await page.goto(`${server.url}/enforce/draws`);
    const row = page.locator('[data-test="enforce-draw-list"] .el-table__body tr', { hasText: DRAW }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await pollText('[data-test="enforce-draw-detail"]', NONCE);
    expect(await page.locator('[data-test="enforce-draw-detail"]').textContent()).toContain(DRAW);
    expect(await page.locator('[data-test="enforce-draw-detail"]').textContent()).toContain(FIRM);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('rural: a pairing’s partner and projects', async () => {
    const PARTNER = `帮扶企业${IMG}`;
    const PROJECTS = `项目${SVG}${SCRIPT}`;
    await ok(page, 'POST', '/api/v1/rural/pairings', {
      villageCode: VILLAGE,
      partnerKind: 'enterprise',
      partnerName: PARTNER,
      startYear: 2021,
      projects: PROJECTS,
      amount: 100000,
    });
    await page.goto(`${server.url}/rural`);
    await page.locator('.el-tabs__item', { hasText: /结对/ }).first().click();
    await pollText('[data-test="rural-pairings"]', PARTNER);
    expect(await page.locator('[data-test="rural-pairings"]').textContent()).toContain(PROJECTS);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('no script ran and no CSP violation was reported anywhere', () => {
    expect(w.dialogs).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});
