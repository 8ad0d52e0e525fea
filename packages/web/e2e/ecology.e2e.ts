/**
 * 生态 · air quality in Chromium: with the synthetic 2020–2021 demo, an analyst sees the district's
 * 2021 good-day ratio (90 %) labelled synthetic, the AQI calendar, and clicks a polluted day of the
 * calendar to see a station's hours with the primary pollutant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadEcologyDemo } from '../../server/src/ecology/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Ecology-Analyst-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadEcologyDemo(server.db.store.db);
  await userWithPassword(server, 'eco-analyst', ['analyst'], '330603000000', PASSWORD);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'eco-analyst', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function look(name: string) {
  expect(await problemsOnScreen(page)).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/ecology-${name}.png`, fullPage: true });
}

describe('空气质量 in Chromium', () => {
  it('shows the 2021 good-day ratio of the district, labelled synthetic, and the calendar', async () => {
    await page.goto(server.url + '/ecology');
    const card = page.locator('[data-test="ecology-good-ratio"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('90%');
    expect(await card.textContent()).toContain('324');
    expect(await page.locator('[data-test="ecology-synthetic"]').textContent()).toContain('合成');
    await page.locator('[data-test="ecology-calendar"] canvas').first().waitFor();
    await look('year');
  });

  it('a click on a polluted day opens a station’s hours with the primary pollutant', async () => {
    // the worst day of the year, offered under the calendar (a calendar cell opens the same panel)
    const first = page.locator('[data-test="ecology-worst-day"]').first();
    const label = (await first.textContent())!;
    const date = /\d{4}-\d{2}-\d{2}/.exec(label)![0];
    await first.click();
    const panel = page.locator('[data-test="ecology-day"]');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(date);
    await page.locator('[data-test="ecology-hours"] tbody tr').nth(23).waitFor();
    expect(await page.locator('[data-test="ecology-hours"] tbody tr').count()).toBe(24);
    const summary = await page.locator('[data-test="ecology-day-summary"]').textContent();
    expect(summary).toMatch(/AQI \d+/);
    expect(await panel.textContent()).toMatch(/首要污染物/);
    await look('day');
    expect(errors).toEqual([]);
  });
});
