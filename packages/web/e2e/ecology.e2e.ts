/**
 * 生态 · air quality in Chromium: with the synthetic 2020–2021 demo, an analyst sees the district's
 * 2021 good-day ratio (90 %) labelled synthetic, the AQI calendar, and clicks a polluted day of the
 * calendar to see a station's hours with the primary pollutant. Then the analyst imports a station's
 * hourly file for three days of 2022 (a clean day, a PM2.5 day, a day with too few hours) and finds
 * them on the station's calendar: one good day of two valid ones, and the polluted day's hours with
 * PM2.5 as its primary pollutant.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('imports a station file and finds its days on the calendar', async () => {
    const header = '站点编码,时间,SO2(µg/m³),NO2(µg/m³),PM10(µg/m³),PM2.5(µg/m³),CO(mg/m³),O3(µg/m³)';
    const lines = [header];
    for (const [date, pm25, missing] of [
      ['2022-01-01', 30, 0], // AQI 43: good
      ['2022-01-02', 160, 0], // PM2.5 160 µg/m³: IAQI 210, primary pollutant PM2.5
      ['2022-01-03', 40, 10], // 14 valid hours: not a valid day
    ] as const)
      for (let h = 0; h < 24; h++)
        lines.push(
          h < missing
            ? `KQ-AQ-01,${date} ${String(h).padStart(2, '0')}:00,,,,,,`
            : `KQ-AQ-01,${date} ${String(h).padStart(2, '0')}:00,8,30,${pm25 + 20},${pm25},0.6,50`,
        );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-eco-')), '柯桥站2022年1月小时数据.csv');
    fs.writeFileSync(file, lines.join('\n'));
    await page.locator('[data-test="ecology-file"]').setInputFiles(file);
    await expect.poll(async () => (await page.locator('.el-alert--success').textContent()) ?? '').toContain('72');
    // the station's own calendar of 2022
    await page.locator('[data-test="ecology-target"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '柯桥站（合成）' }).click();
    const year = page.locator('[data-test="ecology-year"] input');
    await year.fill('2022');
    await year.press('Enter');
    const card = page.locator('[data-test="ecology-good-ratio"]');
    await expect.poll(async () => (await card.textContent()) ?? '').toMatch(/1\D+2/);
    await page.locator('[data-test="ecology-calendar"] canvas').first().waitFor();
    const worst = page.locator('[data-test="ecology-worst-day"]');
    await expect.poll(() => worst.count()).toBe(1);
    expect(await worst.textContent()).toContain('2022-01-02');
    await worst.click();
    const panel = page.locator('[data-test="ecology-day"]');
    await expect.poll(async () => (await panel.textContent()) ?? '').toContain('2022-01-02');
    expect(await page.locator('[data-test="ecology-day-summary"]').textContent()).toMatch(/AQI 210/);
    expect(await panel.textContent()).toMatch(/首要污染物[^]*PM2\.5/);
    // the towns' table belongs to an area's statistics: not shown under a station's (it showed 2021's figures as 2022's)
    expect(await page.locator('[data-test="ecology-towns"]').count()).toBe(0);
    await look('imported');
    expect(errors).toEqual([]);
  });
});
