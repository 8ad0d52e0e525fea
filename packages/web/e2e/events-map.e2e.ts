/**
 * 事件地图 in Chromium: the district dispatcher opens the map from the case list; the demo's open
 * cases are drawn on the county outline, the counts per town agree with the total, and the
 * dispatcher of the busiest town sees only that town.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadEventsDemoUnscoped } from '../../server/src/events/demo';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Events-Map-Watcher-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
let server: RunningServer;
let browser: Browser;
let page: Page;
let busiest: { code: string; name: string };
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadEventsDemoUnscoped(server.db.store.db, { casesPerTown: 20 });
  await userWithPassword(server, 'ditu', ['event_dispatcher'], '330603000000', PASSWORD, '区指挥中心');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const towns = () => page.locator('[data-test="events-map-towns"] .el-table__body-wrapper tbody tr');

describe('事件地图 in Chromium', () => {
  it('draws the open cases on the outline and counts them per town', async () => {
    await uiLogin(page, server.url, 'ditu', PASSWORD, '/events');
    await page.locator('[data-test="events-map-open"]').click();
    await page.locator('[data-test="events-map-chart"] canvas').waitFor();
    await expect.poll(() => towns().count()).toBeGreaterThan(1);
    const asOf = await page.locator('[data-test="events-map-as-of"]').innerText();
    const open = Number(/在办 (\d+) 件/.exec(asOf)?.[1]);
    const counts = await towns().evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll('td')[1]?.textContent)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(open);
    busiest = await page.evaluate(async () => (await (await fetch('/api/v1/events/map')).json()).towns[0]);
    expect(await page.locator('[data-test="events-map-synthetic"]').innerText()).toBe('合成数据');
    expect(await problemsOnScreen(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/events-map.png` });
  });

  it('shows a town dispatcher only their town', async () => {
    await userWithPassword(server, 'ditu-town', ['event_dispatcher'], busiest.code, PASSWORD, '镇街指挥室');
    await page.context().clearCookies();
    await uiLogin(page, server.url, 'ditu-town', PASSWORD, '/events/map');
    await page.locator('[data-test="events-map-as-of"]').waitFor();
    await expect.poll(() => towns().count()).toBe(1);
    expect(await towns().first().innerText()).toContain(busiest.name);
    expect(errors).toEqual([]);
  });
});
