/**
 * Stored XSS through the 15-minute-circle page, in Chromium with the real server's
 * Content-Security-Policy on (issue 20; the attack of the issue: a facility name in the circle map's
 * tooltip). On the Monaco OSM demo a planner uploads a facility set through the real API whose set
 * name and facility names are markup, runs coverage with it, and a second user opens the page:
 * the set list, the facility picker, the facility panel and the map tooltips (hovered over the
 * facilities) show the payloads as text, no payload element exists, no script ran and no CSP
 * violation was reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadCirclesDemo } from '../../server/src/circles/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { api, CLEAN, grid, hoverTooltips, IMG, SCRIPT, SVG, traces, upload, watchedPage, type WatchedPage } from './xss-kit';

const PASSWORD = 'Xss-Circles-2025';
const SET = `学校名录${SVG}`;
const SCHOOL = `小学${IMG}`;
const SCHOOL_B = `中学${SCRIPT}`;
// a 24 × 24 grid of schools over Monaco (WGS-84), so that the mouse meets one wherever it stops
const [WEST, EAST, SOUTH, NORTH] = [7.412, 7.436, 43.729, 43.748];
const N = 24;

let server: RunningServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  await loadCirclesDemo(server.db.store.db);
  await userWithPassword(server, 'xssplanner', ['admin'], null, PASSWORD);
  browser = await launchBrowser();
  w = await watchedPage(browser, { width: 1500, height: 1000 });
  page = w.page;
  await uiLogin(page, server.url, 'xssplanner', PASSWORD, '/');

  const networks = (await api(page, 'GET', '/api/v1/access/networks')).json as { items: { id: number; name: string }[] };
  const monaco = networks.items.find((n) => n.name.startsWith('Monaco'))!;
  const rows = ['名称,类别,经度,纬度'];
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      const name = (i + j) % 2 ? SCHOOL : SCHOOL_B;
      const quoted = `"${`${name}-${i}-${j}`.replace(/"/g, '""')}"`;
      rows.push(`${quoted},education,${WEST + ((EAST - WEST) * i) / (N - 1)},${SOUTH + ((NORTH - SOUTH) * j) / (N - 1)}`);
    }
  const set = await upload(
    page,
    `/api/v1/access/facility-sets?networkId=${monaco.id}&name=${encodeURIComponent(SET)}`,
    'xss.csv',
    rows.join('\n'),
  );
  expect(set.status, set.text.slice(0, 500)).toBe(201);
  const residents = (await api(page, 'GET', '/api/v1/access/resident-sets')).json as { items: { id: number; networkId: number | null }[] };
  const residentSet = residents.items.find((r) => r.networkId === monaco.id)!;
  const run = await api(page, 'POST', '/api/v1/access/runs', {
    networkId: monaco.id,
    facilitySetId: (set.json as { id: number }).id,
    residentSetId: residentSet.id,
  });
  expect(run.status, run.text.slice(0, 500)).toBe(201);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function choose(select: string, option: string) {
  await page.locator(`.el-select[data-test="${select}"]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

describe('hostile facility names on the circle map (CSP on)', () => {
  it('the set list, the facility picker and panel show them as text', async () => {
    await page.goto(`${server.url}/access`);
    await choose('access-network', 'Monaco (OSM demo)');
    await choose('access-facility-set', SET);
    await page.locator('[data-test="access-map"] canvas').first().waitFor();
    expect(await page.locator('.el-select[data-test="access-facility-set"]').textContent()).toContain(SET);
    await page.locator('.el-select[data-test="access-facility-pick"]').click();
    await page
      .locator('.el-select-dropdown__item:visible', { hasText: `${SCHOOL}-0-1` })
      .first()
      .click();
    await expect.poll(async () => (await page.locator('[data-test="access-facility"]').textContent()) ?? '').toContain(`${SCHOOL}-0-1`);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('the map tooltip over a facility shows its name as text', async () => {
    const map = page.locator('[data-test="access-map"]');
    const tips = await hoverTooltips(page, map, grid(24, 16), SCHOOL_B);
    expect(tips, 'a facility tooltip appeared').toMatch(/小学<img|中学<\/script>/);
    expect(tips + (await hoverTooltips(page, map, grid(23, 15), SCHOOL))).toContain(SCHOOL);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('no script ran and no CSP violation was reported anywhere', () => {
    expect(w.dialogs).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});
