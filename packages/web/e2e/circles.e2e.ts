/**
 * 15分钟服务圈 in Chromium on the real Monaco OpenStreetMap demo (`gongfu access-demo`'s loader):
 * a planner opens the page, picks the 15-minute circle and the education category, sees the map
 * canvas and the coverage table with the run's numbers, the synthetic-residents label, adds a
 * school in the what-if panel and sees coverage rise by exactly what the server computes; a
 * read-only leader sees the page without the write actions.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadCirclesDemo, type AccessDemoItem } from '../../server/src/circles/demo.js';
import * as access from '../../server/src/circles/service.js';
import { systemActor } from '../../server/src/auth/actor.js';
import { SEED_DIR } from '../../server/src/demo/load.js';
import { formatChange, formatShare } from '../src/charts/circles';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Planner-Access-2025';
const SEED_OSM = path.join(SEED_DIR, 'osm');
const LEVEL = 'gb50180-15min';
const CATEGORY = 'education';
// a school in the middle of Monaco (WGS-84), next to the Auditorium Rainier III bus stop
const SCHOOL = { lon: 7.4255, lat: 43.7376 };

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let monaco: AccessDemoItem;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  const demo = await loadCirclesDemo(server.db.store.db);
  monaco = demo.find((d) => d.name.startsWith('Monaco'))!;
  // the demos carry no region, so only users with full data scope see them
  await userWithPassword(server, 'planner', ['admin'], null, PASSWORD);
  await userWithPassword(server, 'leader', ['leader'], null, PASSWORD);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function choose(select: string, option: string) {
  await page.locator(`.el-select[data-test="${select}"]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** The text of a coverage-table cell: the total row, one column ('*' = full circle). */
const totalCell = (col: string) =>
  page
    .locator('[data-test="access-coverage-table"] .el-table__body tr', { has: page.locator('[data-region="*"]') })
    .first()
    .locator(`[data-col="${col}"]`);

describe('15分钟服务圈 on the Monaco demo', () => {
  it('shows the menu entry and opens the page with the map and the coverage table', async () => {
    await uiLogin(page, server.url, 'planner', PASSWORD);
    expect(await page.locator('[data-test="side-menu"]').textContent()).toContain('15分钟服务圈');
    await page.locator('[data-test="menu-/access"]').click();
    await page.waitForURL((u) => u.pathname === '/access');
    await choose('access-network', 'Monaco (OSM demo)');
    await page.locator('[data-test="access-coverage-table"]').waitFor();
    await page.locator('[data-test="access-map"] canvas').first().waitFor();
    // the map carries the real network and facilities, and the synthetic residents are labelled
    await page.waitForFunction(() => /路段 [1-9]/.test(document.querySelector('[data-test="access-map-stats"]')?.textContent ?? ''));
    const stats = await page.locator('[data-test="access-map-stats"]').textContent();
    expect(stats).toContain(`设施 ${monaco.facilities}`);
    expect(stats).toContain('居民点 4168');
    expect(await page.locator('[data-test="access-synthetic"]').textContent()).toContain('合成数据');
    expect(await page.locator('.el-select[data-test="access-level"]').textContent()).toContain('十五分钟生活圈');
  });

  it('picks a category: the table shows the run’s coverage against the preset threshold', async () => {
    const run = await access.getRunSummary(server.db.store.db, systemActor('test'), monaco.runId);
    const level = run.report.levels.find((l) => l.id === LEVEL)!;
    const education = level.total.categories.find((c) => c.category === CATEGORY)!;
    const transport = run.report.levels
      .find((l) => l.id === 'gb50180-10min')!
      .total.categories.find((c) => c.category === 'public_transport')!;

    await choose('access-category', '教育（幼儿园、中小学）');
    expect(await totalCell('*').textContent()).toBe(formatShare(level.total.fullCircleShare));
    expect(await totalCell(CATEGORY).textContent()).toBe(formatShare(education.share)); // Monaco's OSM data has no school: 0.0%
    expect(education.share).toBe(0);
    const header = await page.locator('[data-test="access-coverage-table"] .el-table__header').textContent();
    expect(header).toContain('≤1000 米');
    expect(await page.locator('[data-test="access-coverage-table"] [data-test="population"]').first().textContent()).toBe('35,194');
    await page.waitForFunction(() => /覆盖 0\.0%/.test(document.querySelector('[data-test="access-map-stats"]')?.textContent ?? ''));

    // bus stops at the 10-minute circle: real coverage from 111 OSM stops
    await choose('access-level', '十分钟生活圈');
    await choose('access-category', '公共交通站点');
    expect(await totalCell('public_transport').textContent()).toBe(formatShare(transport.share));
    expect(transport.share).toBeGreaterThan(0.5);
    expect(await page.locator('[data-test="access-coverage-table"] .el-table__header').textContent()).toContain('≤500 米');

    await choose('access-level', '十五分钟生活圈');
    await choose('access-category', '教育（幼儿园、中小学）');
    expect(await totalCell(CATEGORY).textContent()).toBe('0.0%');
  });

  it('lists blind spots with their population', async () => {
    await page.locator('#tab-blind').click();
    const rows = page.locator('[data-test="access-blind-spots"] .el-table__body tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await page.locator('[data-test="blind-zoom"]').first().click();
  });

  it('draws the 5/10/15-minute isochrones of a facility found by name', async () => {
    await choose('access-facility-pick', 'Auditorium Rainier III');
    expect(await page.locator('[data-test="access-facility"]').textContent()).toContain('公共交通站点');
    await page.locator('[data-test="facility-isochrones"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-test="isochrone-tag"]').length === 3);
    expect(await page.locator('[data-test="isochrone-tag"]').allTextContents()).toEqual(['5 分钟等时圈', '10 分钟等时圈', '15 分钟等时圈']);
  });

  it('adds a school in the what-if panel: education coverage rises by what the server computes', async () => {
    const expected = await access.whatIfScenario(server.db.store.db, systemActor('test'), {
      networkId: monaco.networkId,
      facilitySetId: monaco.facilitySetId,
      residentSetId: monaco.residentSetId,
      levels: [LEVEL],
      add: [{ id: 'whatif-1', name: 'x', category: CATEGORY, lon: SCHOOL.lon, lat: SCHOOL.lat }],
      close: [],
      datum: 'wgs84',
    });
    const before = expected.before[0].categories.find((c) => c.category === CATEGORY)!.share;
    const after = expected.after[0].categories.find((c) => c.category === CATEGORY)!.share;
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0.05);

    await page.locator('#tab-whatif').click();
    // a click on the map fills the coordinates (WGS-84) …
    await page.locator('[data-test="whatif-pick"]').click();
    const box = (await page.locator('[data-test="access-map"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(
      () => ((document.querySelector('[data-test="whatif-lon"] input') as HTMLInputElement | null)?.value ?? '') !== '',
    );
    const picked = Number(await page.locator('[data-test="whatif-lon"] input').inputValue());
    expect(picked).toBeGreaterThan(7.4);
    expect(picked).toBeLessThan(7.45);
    // … and typed coordinates override them
    await choose('whatif-datum', 'WGS-84');
    await page.locator('[data-test="whatif-lon"] input').fill(String(SCHOOL.lon));
    await page.locator('[data-test="whatif-lon"] input').press('Tab');
    await page.locator('[data-test="whatif-lat"] input').fill(String(SCHOOL.lat));
    await page.locator('[data-test="whatif-lat"] input').press('Tab');
    expect(await page.locator('.el-select[data-test="whatif-category"]').textContent()).toContain('教育');
    await page.locator('[data-test="whatif-add"]').click();
    expect(await page.locator('[data-test="whatif-added"]').textContent()).toContain(`${SCHOOL.lon.toFixed(5)}, ${SCHOOL.lat.toFixed(5)}`);
    await page.locator('[data-test="whatif-run"]').click();

    const row = page.locator('[data-test="whatif-result"] .el-table__body tr', { has: page.locator(`[data-category="${CATEGORY}"]`) });
    await row.waitFor();
    expect(await row.locator('[data-test="before"]').textContent()).toBe('0.0%');
    expect(await row.locator('[data-test="after"]').textContent()).toBe(formatShare(after));
    expect(await row.locator('[data-test="change"]').textContent()).toBe(formatChange(after - before));
    expect(Number((await row.locator('[data-test="after"]').textContent())!.replace('%', ''))).toBeGreaterThan(5);
  });

  it('suggests sites and explains them in plain words: the level by name, where the candidates came from, the guarantee', async () => {
    await page.locator('#tab-sites').click();
    await page.locator('[data-test="sites-run"]').click();
    const rows = page.locator('[data-test="sites-result"] .el-table__body tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    await page.locator('[data-test="sites-guarantee"]').hover();
    await page.locator('.el-popper:visible', { hasText: '约 63%' }).waitFor();
    expect(await page.locator('body').innerText()).toMatch(/服务范围：\S*生活圈 步行 \d+ 米内/);
    expect(await page.locator('[data-test="sites-candidates"]').innerText()).toMatch(/^候选位置：/);
    expect(await problemsOnScreen(page)).toEqual([]);
  });

  it('refuses to write the indicator for a run without region codes, with the server’s message', async () => {
    await page.locator('[data-test="access-write-indicators"]').click();
    await page.locator('input[data-test="indicator-period"]').fill('2025');
    await page.locator('[data-test="indicator-submit"]').click();
    await page.locator('.el-message--error', { hasText: '没有可写入的地区' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('uploads an .osm.pbf, makes facilities from its OSM tags and synthetic residents, and runs a new analysis', async () => {
    await page.keyboard.press('Escape');
    await page.locator('[data-test="access-data"]').click();
    const dialog = page.locator('[data-test="access-data-dialog"]');
    await dialog.locator('input[data-test="upload-network"]').setInputFiles(path.join(SEED_OSM, 'monaco.osm.pbf'));
    await page.locator('.el-message--success', { hasText: '已上传：monaco' }).first().waitFor();
    await page.waitForFunction(() => document.querySelector('.el-select[data-test="access-network"]')?.textContent?.trim() === 'monaco');
    await dialog.locator('[data-test="facilities-from-osm"]').click();
    await page.waitForFunction(() => /OSM/.test(document.querySelector('.el-select[data-test="access-facility-set"]')?.textContent ?? ''));
    await dialog.locator('[data-test="synthetic-residents"]').click();
    await page.waitForFunction(() =>
      /合成数据/.test(document.querySelector('.el-select[data-test="access-resident-set"]')?.textContent ?? ''),
    );
    await page.keyboard.press('Escape');
    await page.locator('[data-test="access-no-run"]').waitFor();
    await page.locator('[data-test="access-new-run"]').click();
    await page.locator('.el-message--success', { hasText: '分析 #' }).waitFor();
    await page.locator('#tab-coverage').click();
    await page.locator('[data-test="access-coverage-table"]').waitFor();
    // the same extract, facilities and residents as the demo: the same coverage
    const run = await access.getRunSummary(server.db.store.db, systemActor('test'), monaco.runId);
    const transport = run.report.levels
      .find((l) => l.id === 'gb50180-10min')!
      .total.categories.find((c) => c.category === 'public_transport')!;
    await choose('access-level', '十分钟生活圈');
    await choose('access-category', '公共交通站点');
    expect(await totalCell('public_transport').textContent()).toBe(formatShare(transport.share));
    expect(await page.locator('.el-select[data-test="access-run"]').textContent()).not.toContain(`#${monaco.runId} `);
    expect(errors).toEqual([]);
  });

  it('gives a read-only leader the page without the write actions', async () => {
    const leader = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    const p = await leader.newPage();
    await uiLogin(p, server.url, 'leader', PASSWORD, '/access');
    await p.waitForURL((u) => u.pathname === '/access');
    await p.locator('[data-test="access-view"]').waitFor();
    await p.locator('[data-test="access-coverage-table"]').waitFor();
    expect(await p.locator('[data-test="access-write-indicators"]').count()).toBe(0);
    expect(await p.locator('[data-test="access-new-run"]').count()).toBe(0);
    await leader.close();
  });
});
