/**
 * A town officer of 华舍街道 sees only 华舍's data: not 柯岩街道's, not in the cockpit, the region
 * picker, the data browser or an export — even when asking for it by URL. Admin pages stay closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { rows } from '../../server/src/db/store.js';
import { downloadOf, launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';

const HUASHE = '330603003000';
const KEYAN = '330603002000';
const PASSWORD = 'Huashe-Town-2025';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadAssessDemo(server.db.store.db);
  await userWithPassword(server, 'huashe', ['town_officer'], HUASHE, PASSWORD);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('town officer of 华舍街道 in Chromium', () => {
  it('lands on the cockpit of their own town, synthetic values labelled', async () => {
    await uiLogin(page, server.url, 'huashe', PASSWORD);
    await page.locator('[data-indicator]').first().waitFor();
    expect(await page.locator('[data-test="cockpit-region"]').textContent()).toBe('华舍街道');
    expect(await page.locator('[data-test="synthetic-tag"]').first().textContent()).toContain('合成数据');
    expect(await page.locator('[data-test="cockpit"]').textContent()).not.toContain('柯岩');
  });

  it('has no admin or audit menu, and admin pages are refused', async () => {
    const menu = await page.locator('[data-test="side-menu"]').textContent();
    expect(menu).toContain('数据浏览');
    expect(menu).not.toContain('用户管理');
    expect(menu).not.toContain('审计日志');
    await page.goto(server.url + '/admin/users');
    await page.waitForURL(/\/403/);
    await page.goto(server.url + '/audit');
    await page.waitForURL(/\/403/);
  });

  it('is offered only their own town in the region picker', async () => {
    await page.goto(server.url + '/');
    await page.locator('[data-indicator]').first().waitFor();
    await page.locator('.el-select[data-test="region-picker"]').first().click();
    const popper = page.locator('.el-popper.region-picker-popper');
    await popper.getByText('华舍街道', { exact: true }).waitFor();
    // open the town's branch: its villages load, nothing of 柯岩
    await popper.locator('.el-tree-node__expand-icon').first().click();
    await page.waitForFunction(
      () => (document.querySelector('.el-popper.region-picker-popper')?.querySelectorAll('.el-tree-node').length ?? 0) > 1,
    );
    const text = await popper.textContent();
    expect(text).not.toContain('柯岩');
    expect(text).not.toContain('柯桥区');
    // searching by name finds only what is in scope
    await popper.locator('[data-test="region-search"]').fill('柯岩');
    await popper.locator('[data-test="region-search-results"]', { hasText: '没有匹配的地区' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('sees only 华舍 rows in the data browser, even when asking for 柯岩 by URL', async () => {
    await page.goto(server.url + '/data');
    await page.locator('[data-test="data-table"] tbody tr').first().waitFor();
    const codes = await page
      .locator('[data-test="data-table"] [data-region]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-region')!));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.startsWith('330603003'))).toBe(true);

    await page.goto(server.url + `/data?region=${KEYAN}`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[data-test="data-table"] [data-region]').count()).toBe(0);
    expect(await page.locator('[data-test="data-browser"]').textContent()).not.toContain('柯岩街道');

    // and the API the page talks to agrees
    const api = await page.evaluate(async (code) => {
      const r = await fetch(`/api/v1/observations?region=${code}&pageSize=10`, { credentials: 'include' });
      return { status: r.status, body: await r.json() };
    }, KEYAN);
    expect(api.status === 200 ? api.body.items : []).toEqual([]);
  });

  it('exports only 华舍 data, whatever the filter', async () => {
    await page.goto(server.url + '/data');
    await page.locator('[data-test="data-table"] tbody tr').first().waitFor();
    await page.locator('[data-test="export"]').click();
    const own = await downloadOf(page, () => page.locator('[data-test="export-csv-long"]').click());
    const text = own.bytes.toString('utf8');
    expect(text).toContain(HUASHE);
    expect(text).not.toContain('330603002');
    expect(text).not.toContain('柯岩');

    await page.goto(server.url + `/data?region=${KEYAN}`);
    await page.waitForLoadState('networkidle');
    await page.locator('[data-test="export"]').click();
    const other = await Promise.race([
      downloadOf(page, () => page.locator('[data-test="export-csv-long"]').click()).then((d) => d.bytes.toString('utf8')),
      page
        .locator('.el-message--error')
        .waitFor()
        .then(() => ''),
    ]);
    expect(other).not.toContain('330603002');
    expect(other).not.toContain('柯岩');
    expect(errors).toEqual([]);
  });

  it('is told why, in place, when opening the scorecard of another town by URL', async () => {
    const [run] = await rows<{ id: number }>(server.db.store.db, sql`select id from assess_run order by id limit 1`);
    await page.goto(`${server.url}/assess/runs/${run.id}/units/${KEYAN}`);
    const failed = page.locator('[data-test="load-failed"]');
    await failed.waitFor();
    expect(await failed.textContent()).toMatch(/无权查看|不存在/);
    expect(await page.locator('[data-test="scorecard-unit"]').count()).toBe(0);
  });
});
