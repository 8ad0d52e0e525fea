/**
 * The town and village map (issue 10) in Chromium: with no town outlines the cockpit shows the
 * labelled schematic tile map (示意图) with the 镇街 coloured by value; an upload of two towns'
 * outlines in GCJ-02 reports the unmatched code in its preview, imports, and the map then draws the
 * outlines; a click on a town drills down to its 村社. The province view draws Zhejiang's counties
 * with their data. GONGFU_SCREENSHOTS=/tmp/shots keeps screenshots at 1366×768 and 1920×1080 in
 * both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { geo } from '@gongfu/engine';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Admin-Towns-2025';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
const KEQIAO_STREET = '330603001000';
const KEYAN = '330603002000';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadAssessDemo(server.db.store.db);
  await userWithPassword(server, 'mapper', ['admin'], null, PASSWORD, '地图管理员');
  await userWithPassword(server, 'province', ['leader'], '330000000000', PASSWORD, '省级领导');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  await uiLogin(page, server.url, 'mapper', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const wrap = (p: Page = page) => p.locator('[data-test="map-chart-wrap"]');

/** Pixels of the map's canvas coloured by the legend's blue ramp (#e0f3f8 → #4575b4), not grey or white. */
async function bluePixels(p: Page = page): Promise<number> {
  return p
    .locator('[data-test="map-chart"] canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 2] - data[i] > 40 && data[i + 3] > 200) n++;
      return n;
    });
}

async function shoot(name: string, p: Page = page, prepare?: () => Promise<void>) {
  if (!SCREENSHOTS) return;
  for (const locale of ['zh', 'en'] as const) {
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await p.setViewportSize(size);
      await p.evaluate((l) => localStorage.setItem('gongfu.locale', l), locale);
      await p.reload();
      await p.locator('[data-test="map-chart-wrap"], [data-test="region-maps"], [data-test="ranking-map-wrap"]').first().waitFor();
      await prepare?.();
      await p.waitForTimeout(800);
      await p.screenshot({ path: `${SCREENSHOTS}/town-map-${name}-${locale}-${size.width}.png` });
      expect(await problemsOnScreen(p, { logins: ['mapper', 'province'] }), `${name} ${locale} ${size.width}`).toEqual([]);
    }
  }
  await p.evaluate(() => localStorage.setItem('gongfu.locale', 'zh'));
  await p.setViewportSize({ width: 1366, height: 768 });
  await p.reload();
}

/** Two towns' outlines in GCJ-02, side by side, and a third feature with a code that exists nowhere. */
function twoTowns() {
  const square = (x: number, y: number) =>
    [
      [x, y],
      [x + 0.1, y],
      [x + 0.1, y + 0.1],
      [x, y + 0.1],
      [x, y],
    ].map(([a, b]) => geo.wgs84ToGcj02(a, b));
  const feature = (code: string, name: string, x: number) => ({
    type: 'Feature',
    properties: { code, name },
    geometry: { type: 'Polygon', coordinates: [square(x, 30.0)] },
  });
  return {
    type: 'FeatureCollection',
    features: [feature(KEQIAO_STREET, '柯桥街道', 120.4), feature(KEYAN, '柯岩街道', 120.5), feature('330603999000', '虚构镇', 120.6)],
  };
}

describe('the town map', () => {
  it('shows the labelled schematic tile map of the 16 镇街, coloured by value, while no town has an outline', async () => {
    await page.goto(server.url + '/');
    await page.locator('[data-test="map-chart-wrap"][data-mode="tiles"]').waitFor();
    await expect.poll(async () => Number(await wrap().getAttribute('data-valued'))).toBeGreaterThanOrEqual(16);
    expect(await wrap().getAttribute('data-cells')).toBe('16');
    expect(await page.locator('[data-test="schematic-tag"]').textContent()).toContain('示意图');
    await page.waitForTimeout(500);
    expect(await bluePixels()).toBeGreaterThan(2000);
    await shoot('tiles');
  });

  it('colours the towns on the ranking board’s schematic map by their final score', async () => {
    const runs = await page.evaluate(
      async () => (await (await fetch('/api/v1/assess/runs?scheme=keqiao-towns-annual', { credentials: 'include' })).json()).items,
    );
    await page.goto(`${server.url}/assess/runs/${runs[0].id}`);
    const board = page.locator('[data-test="ranking-map-wrap"][data-mode="tiles"]');
    await board.waitFor();
    await expect.poll(async () => Number(await board.getAttribute('data-valued'))).toBe(16);
    expect(await board.locator('[data-test="schematic-tag"]').textContent()).toContain('示意图');
    await shoot('ranking', page, async () => {
      await page.locator('[data-test="ranking-map-wrap"][data-mode="tiles"]').waitFor();
      await page.locator('[data-test="ranking-map-wrap"]').scrollIntoViewIfNeeded();
    });
  });

  it('previews an upload with the unmatched code, imports it, and the map then draws the outlines', async () => {
    await page.goto(server.url + '/data/regions');
    const choose = async () => {
      await page.locator('[data-test="boundary-file"]').setInputFiles({
        name: 'two-towns.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(twoTowns())),
      });
      await page.locator('[data-test="boundary-datum"] [data-datum="gcj02"]').click();
      await page.locator('[data-test="boundary-source"]').fill('浏览器测试（合成边界）');
    };
    await choose();
    expect(await page.locator('[data-test="boundary-file-name"]').textContent()).toBe('two-towns.geojson');
    expect(await page.locator('[data-test="boundary-import"]').isDisabled()).toBe(true);
    await page.locator('[data-test="boundary-preview"]').click();
    const unmatched = page.locator('[data-test="boundary-unmatched"]');
    await unmatched.waitFor();
    expect(await unmatched.textContent()).toContain('330603999000');
    expect(await unmatched.textContent()).toContain('区划代码不存在');
    expect(await page.locator('[data-test="boundary-matched"]').textContent()).toContain('柯岩街道');
    expect(await page.locator('[data-test="boundary-datum-used"]').textContent()).toContain('GCJ-02');
    const preview = async () => {
      await choose();
      await page.locator('[data-test="boundary-preview"]').click();
      await unmatched.waitFor();
    };
    await shoot('upload', page, preview);
    await preview();
    await page.locator('[data-test="boundary-import"]').click();
    await page.locator('.el-message--success').waitFor();
    const fc = await page.evaluate(
      async () => (await (await fetch('/api/v1/regions/boundaries?parent=330603000000', { credentials: 'include' })).json()).features,
    );
    expect(fc.map((f: { id: string }) => f.id)).toEqual([KEQIAO_STREET, KEYAN]);
    const [x, y] = fc[0].geometry.coordinates[0][0];
    expect(geo.haversineMeters(x, y, 120.4, 30.0)).toBeLessThan(1); // stored in WGS-84

    await page.goto(server.url + '/');
    await page.locator('[data-test="map-chart-wrap"][data-mode="outline"]').waitFor();
    expect(await wrap().getAttribute('data-cells')).toBe('2');
    expect(await page.locator('[data-test="without-outline"]').textContent()).toContain('14 个地区暂无边界');
    expect(await page.locator('[data-test="schematic-tag"]').count()).toBe(0);
    await shoot('outlines');
  });

  it('drills down from a town on the map to its villages', async () => {
    await page.goto(server.url + '/');
    await page.locator('[data-test="map-chart-wrap"][data-mode="outline"]').waitFor();
    await page.waitForTimeout(600);
    const box = (await page.locator('[data-test="map-chart"]').boundingBox())!;
    // 柯桥街道 is the western of the two squares: the left half of the map
    await page.mouse.click(box.x + box.width * 0.32, box.y + box.height * 0.55);
    await expect.poll(() => page.locator('[data-test="cockpit-region"]').textContent()).toBe('柯桥街道');
    await page.locator(`[data-test="map-chart-wrap"][data-layout="${KEQIAO_STREET}"][data-mode="tiles"]`).waitFor();
    expect(Number(await wrap().getAttribute('data-cells'))).toBeGreaterThan(20);
    await shoot('villages');
    await page.locator('[data-test="region-up"]').click();
    await expect.poll(() => page.locator('[data-test="cockpit-region"]').textContent()).toBe('柯桥区');
  });

  it('moves a cell of the schematic map by hand and saves the layout for every map', async () => {
    await page.goto(`${server.url}/data/regions?layout=330603000000`);
    const grid = page.locator('[data-test="tiles-grid"]');
    await grid.locator('[data-cell="330603004000"]').waitFor();
    // two towns with outlines on one parallel place their cells; the grid stays the size of the district
    expect(await grid.locator('button.square').count()).toBeLessThan(60);
    const free = grid.locator('button.square:not(.filled)').last();
    const target = await free.getAttribute('data-at');
    await grid.locator('[data-cell="330603004000"]').click();
    expect(await page.locator('[data-test="tiles-selected"]').textContent()).toContain('湖塘街道');
    await free.click();
    expect(await grid.locator(`[data-at="${target}"]`).getAttribute('data-cell')).toBe('330603004000');
    await page.locator('[data-test="tiles-save"]').click();
    await page.locator('.el-message--success').waitFor();
    await shoot('layout', page, () => grid.locator('[data-cell]').first().waitFor());
    const saved = await page.evaluate(
      async () => (await (await fetch('/api/v1/regions/tiles?layout=330603000000', { credentials: 'include' })).json()).cells,
    );
    const cell = saved.find((c: { code: string }) => c.code === '330603004000');
    expect(`${cell.col},${cell.row}`).toBe(target);
    expect(cell.placed).toBe('user');
    const audit = await page.evaluate(
      async () => (await (await fetch('/api/v1/audit?action=region.tiles', { credentials: 'include' })).json()).items,
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('draws Zhejiang’s counties with their figures in the province view', async () => {
    const p = await context.newPage();
    await context.clearCookies();
    await uiLogin(p, server.url, 'province', PASSWORD);
    await p.locator('[data-test="map-chart-wrap"][data-mode="outline"]').waitFor();
    expect(Number(await wrap(p).getAttribute('data-cells'))).toBeGreaterThanOrEqual(88);
    await expect.poll(async () => Number(await wrap(p).getAttribute('data-valued'))).toBeGreaterThanOrEqual(80);
    expect(await p.locator('[data-test="without-outline"]').textContent()).toContain('临平区');
    expect(await p.locator('[data-test="no-own-data"]').count()).toBe(1);
    await p.waitForTimeout(500);
    expect(await bluePixels(p)).toBeGreaterThan(5000);
    await shoot('zhejiang', p);
    expect(errors).toEqual([]);
  });
});
