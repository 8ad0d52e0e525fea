/**
 * Printing as a 公文 in Chromium: an analyst prints a ranking, a scorecard and the cockpit. The
 * print dialog asks for the issuing unit and document number once (kept for the next print); in
 * print media the shell and buttons are gone and the page carries the red issuing unit, the red
 * rule, the title and the date line; the @page rule numbers the pages "— n —"; Chromium's own
 * print to PDF produces A4 pages.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadAssessDemo } from '../../server/src/assess/demo';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';

const PASSWORD = 'Print-Clerk-2026-Keqiao';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
const ISSUER = '柯桥区考核评价办公室';
let server: RunningServer;
let browser: Browser;
let page: Page;
let runId: number;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadAssessDemo(server.db.store.db);
  await userWithPassword(server, 'dayin', ['analyst'], '330603000000', PASSWORD, '考核办文员');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'dayin', PASSWORD, '/assess');
  const runs = await page.evaluate(
    async () => (await (await fetch('/api/v1/assess/runs?scheme=keqiao-towns-annual', { credentials: 'include' })).json()).items,
  );
  runId = runs[0].id;
  // the test cannot press the browser's print dialog: count the calls instead
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const printed = () => page.evaluate(() => (window as unknown as { printed: number }).printed);
const visible = (selector: string) =>
  page.locator(selector).evaluateAll((els) => els.some((e) => (e as HTMLElement).offsetParent !== null));

async function print(first: boolean) {
  await page.locator('[data-test="print"]:visible').first().click();
  const issuer = page.locator('input[data-test="print-issuer"]');
  if (first) await issuer.fill(ISSUER);
  else expect(await issuer.inputValue()).toBe(ISSUER);
  const before = await printed();
  await page.locator('[data-test="print-go"]').click();
  await expect.poll(printed).toBe(before + 1);
}

describe('printing as a 公文', () => {
  it('prints a ranking with the issuing unit, title and date line, without the shell', async () => {
    await page.goto(`${server.url}/assess/runs/${runId}`);
    await page.locator('[data-test="ranking-table"] [data-unit]').first().waitFor();
    expect(await visible('[data-test="print-head"]')).toBe(false);
    await print(true);
    await page.emulateMedia({ media: 'print' });
    const head = page.locator('[data-test="print-head"]');
    expect(await head.locator('.issuer').innerText()).toBe(ISSUER);
    expect(await head.locator('.issuer').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(204, 0, 0)');
    expect(await head.locator('.doc-title').innerText()).toContain(await page.locator('[data-test="run-title"]').innerText());
    expect(await page.locator('[data-test="print-tail"]').innerText()).toMatch(new RegExp(`${ISSUER}\\s+\\d{4}年\\d{1,2}月\\d{1,2}日`));
    expect(await visible('aside.aside')).toBe(false);
    expect(await visible('header.top')).toBe(false);
    expect(await visible('[data-test="print"]')).toBe(false);
    expect(await visible('[data-test="ranking-table"]')).toBe(true);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/print-ranking.png`, fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    if (SCREENSHOTS) fs.writeFileSync(`${SCREENSHOTS}/print-ranking.pdf`, pdf);
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]); // A4 in points
    await page.emulateMedia({ media: 'screen' });
  });

  it('numbers the printed pages "— n —" at the foot', async () => {
    const rule = await page.evaluate(() => {
      for (const sheet of [...document.styleSheets])
        for (const r of [...sheet.cssRules])
          if (r instanceof CSSPageRule) return { size: r.style.getPropertyValue('size'), text: r.cssText };
      return null;
    });
    expect(rule?.size.toLowerCase()).toBe('a4');
    expect(rule?.text).toMatch(/@bottom-center\s*\{[^}]*counter\(page\)/);
  });

  it('prints a scorecard and the cockpit with the unit remembered', async () => {
    await page.goto(`${server.url}/assess/runs/${runId}/units/330603001000`);
    await page.locator('[data-test="scorecard-unit"]').waitFor();
    await print(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-test="print-head"] .doc-title').innerText()).toContain('评分卡');
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${server.url}/`);
    await page.locator('[data-test="cards"] .card').first().waitFor();
    await print(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-test="print-head"] .doc-title').innerText()).toBe('柯桥区主要指标情况');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/print-cockpit.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });
});
