/**
 * 大屏 in Chromium at 1920×1080, as a district leader puts it on a wall: full screen without the
 * side menu, dark, every card the leader may see in large type, the featured indicator's ranking
 * of the 16 镇街 (a click features another card), the clock in Asia/Shanghai time, synthetic data
 * labelled, and a reload of the data when the refresh interval has passed (browser clock advanced).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Wall-Screen-Leader-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
let summaryCalls = 0;

beforeAll(async () => {
  server = await startServer();
  await userWithPassword(server, 'daping', ['leader'], '330603000000', PASSWORD, '区领导');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (r.url().includes('/reports/indicator-summary')) summaryCalls++;
  });
  await page.clock.install();
  await uiLogin(page, server.url, 'daping', PASSWORD, '/screen?refresh=60');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const cards = () => page.locator('[data-test="screen-cards"] .card');

describe('大屏 in Chromium', () => {
  it('shows the cards full screen, dark, with the ranking of the towns', async () => {
    await cards().first().waitFor();
    expect(await cards().count()).toBeGreaterThan(8); // the cockpit page shows 8; the wall shows all
    expect(await page.locator('aside.aside').count()).toBe(0);
    const background = await page.locator('[data-test="screen"]').evaluate((e) => getComputedStyle(e).backgroundImage);
    expect(background).toContain('gradient');
    expect(await page.locator('[data-test="screen-title"]').innerText()).toContain('柯桥区');
    await page.locator('[data-test="screen-ranking-chart"] canvas').waitFor();
    expect(await page.locator('[data-test="screen-ranking"] h2').innerText()).toMatch(/下级地区排名（\d{4}/);
    expect(await page.locator('[data-test="screen-synthetic"]').innerText()).toContain('合成数据');
    expect(await page.locator('[data-test="screen-clock"]').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await problemsOnScreen(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/screen-1920.png` });
  });

  it('moves on to the next indicator by itself; a click on a card features it again', async () => {
    const title = () => page.locator('[data-test="screen-ranking"] h2').innerText();
    const first = await title();
    const card = page.locator('[data-test="screen-cards"] .card.featured');
    const name = await card.locator('.name').innerText();
    expect(first).toContain(name);
    await page.clock.runFor(15_000);
    await expect.poll(title).not.toBe(first);
    await page.locator('[data-test="screen-cards"] .card.ranked', { hasText: name }).first().click();
    await expect.poll(title).toBe(first);
  });

  it('reloads its data when the refresh interval has passed', async () => {
    const before = summaryCalls;
    await page.clock.runFor(61_000);
    await expect.poll(() => summaryCalls).toBeGreaterThan(before);
    await cards().first().waitFor();
    expect(errors).toEqual([]);
  });

  it('goes back to the cockpit', async () => {
    await page.locator('[data-test="screen-exit"]').click();
    await page.locator('[data-test="cockpit"]').waitFor();
    expect(await page.locator('aside.aside').count()).toBe(1);
  });
});
