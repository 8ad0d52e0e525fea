/**
 * Stored XSS through charts and tables, in Chromium with the real server's Content-Security-Policy
 * on (issue 20). Hostile text is stored through the API as a county analyst would: an indicator
 * name and unit, and the names of two subjects (which become series names, legend entries and
 * axis-tooltip lines). The data page draws them in its table, its ECharts chart and its tooltip,
 * and the export carries them. Passes when every payload shows as text, no element of a payload
 * exists in the page, no script ran (no dialog, no marker set) and no CSP violation was reported —
 * a violation would mean markup got into the page and only the CSP stopped it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { api, across, CLEAN, hoverTooltips, IMG, SCRIPT, SVG, traces, upload, watchedPage, type WatchedPage } from './xss-kit';

const PASSWORD = 'Xss-Admin-2025';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const CODE = 'XSS_PROBE';
const NAME = `探针指标${IMG}`;
const UNIT = `元${SVG}`;
const SUBJECT_A = `平台A${SCRIPT}`;
const SUBJECT_B = `平台B${IMG}`;

let server: RunningServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  await userWithPassword(server, 'xssanalyst', ['admin'], null, PASSWORD);
  browser = await launchBrowser();
  w = await watchedPage(browser);
  page = w.page;
  await uiLogin(page, server.url, 'xssanalyst', PASSWORD, '/');

  const indicator = await api(page, 'PUT', `/api/v1/indicators/${CODE}`, {
    nameZh: NAME,
    nameEn: NAME,
    unit: UNIT,
    direction: 'higher',
    frequency: 'year',
    accumulation: 'point',
    subjectKind: 'platform',
    definition: SCRIPT,
  });
  expect(indicator.status, indicator.text).toBe(200);
  for (const [code, name, region] of [
    ['XSS-A', SUBJECT_A, HUASHE],
    ['XSS-B', SUBJECT_B, KEYAN],
  ]) {
    const s = await api(page, 'PUT', `/api/v1/subjects/platform/${code}`, { name, regionCode: region });
    expect(s.status, s.text).toBe(200);
  }
  const rows = ['主体代码,指标代码,期间,值'];
  for (const year of [2021, 2022, 2023]) rows.push(`XSS-A,${CODE},${year},${year - 2000}`, `XSS-B,${CODE},${year},${year - 1990}`);
  const imported = await upload(page, '/api/v1/imports?dryRun=false', 'xss.csv', rows.join('\n'));
  expect(imported.status, imported.text).toBe(200);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('hostile names in charts and tables (CSP on)', () => {
  it('the server sends a CSP without inline script', async () => {
    const res = await page.request.get(server.url + '/');
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src[^;]*'self'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('the data page shows them as text in the table, the chart and its tooltip', async () => {
    await page.goto(`${server.url}/data?indicator=${CODE}`);
    const chart = page.locator('[data-test="data-chart"]');
    await chart.locator('canvas').first().waitFor();
    // the table: the subject names and the indicator name as text
    const body = page.locator('.el-table__body').first();
    await expect.poll(async () => (await body.textContent()) ?? '', { timeout: 15_000 }).toContain(SUBJECT_B);
    const tableText = (await body.textContent()) ?? '';
    expect(tableText).toContain(SUBJECT_A);
    // the chart's accessible description names the series as text
    await expect.poll(async () => (await chart.getAttribute('aria-label')) ?? '', { timeout: 15_000 }).toContain(SUBJECT_A);
    // hover each period: ECharts' axis tooltip lists both series by name
    const tooltip = await hoverTooltips(page, chart, across(9, 0.5), SUBJECT_B);
    expect(tooltip, 'a tooltip appeared').toContain(SUBJECT_A);
    expect(tooltip).toContain(SUBJECT_B);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('the catalogue shows the indicator name, unit and definition as text', async () => {
    await page.goto(`${server.url}/data/indicators`);
    await page.locator('.el-table__body').first().waitFor();
    const search = page.locator('input[type="text"]').first();
    if (await search.count()) await search.fill(CODE).catch(() => undefined);
    await expect.poll(async () => (await page.locator('body').textContent()) ?? '', { timeout: 15_000 }).toContain(NAME);
    expect(await traces(page)).toEqual(CLEAN);
  });

  it('the export carries the names as plain text', async () => {
    const csv = await page.evaluate(async (code) => {
      const res = await fetch(`/api/v1/exports/observations?format=csv&indicator=${code}`, { credentials: 'include' });
      return { status: res.status, text: await res.text() };
    }, CODE);
    expect(csv.status, csv.text.slice(0, 300)).toBe(200);
    expect(csv.text).toContain(SUBJECT_B);
    expect(csv.text).toContain(SUBJECT_A.replace(/"/g, '""'));
  });

  it('no script ran and no CSP violation was reported anywhere', () => {
    expect(w.dialogs).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});
