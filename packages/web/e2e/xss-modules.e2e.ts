/**
 * Stored XSS through the module pages, in Chromium with the real server's Content-Security-Policy
 * on (issue 20; the data page, catalogue and export are in xss.e2e.ts, the circle map in
 * xss-circles.e2e.ts, the event, enforcement and rural tables in xss-tables.e2e.ts). The demos give each module its data; then hostile text is written through
 * the real API as the people who own it would: a cockpit indicator's name and unit (home trend and
 * region map), a platform's name and a new scheme version's indicator and dimension names
 * (assessment ranking, bar, scorecard radar, contributions), an enterprise's name and platform
 * (亩均 results and class chart), a station's name (ecology calendar, day panel), and a target's
 * name, department and source and a project's name, action and department (挂图作战 wall, chart,
 * board); the pages without charts (events, enforcement, rural) are in xss-tables.e2e.ts. Each page is opened, its charts hovered until their tooltips show, and it passes when every
 * payload shows as text, no payload element exists, no script ran (no dialog, no marker) and no
 * CSP violation was reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { loadEcologyDemo } from '../../server/src/ecology/demo.js';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { loadTargetsDemo } from '../../server/src/targets/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { across, CLEAN, grid, hoverTooltips, IMG, ok, renameSubject, SCRIPT, SVG, traces, watchedPage, type WatchedPage } from './xss-kit';

const PASSWORD = 'Xss-Modules-2025';
const SCHEME = 'keqiao-platforms-monthly-saibi';
const PLATFORM = 'KQ-ETDZ';
const YEAR = new Date().getFullYear();

let server: RunningServer;
let browser: Browser;
let w: WatchedPage;
let page: Page;

type Json = Record<string, unknown>;
const get = (url: string) => ok(page, 'GET', url);
const send = (method: string, url: string, body: unknown) => ok(page, method, url, body);
const rename = (kind: string, code: string, name: string, attributes: Json = {}) => renameSubject(page, kind, code, name, attributes);

const textOf = async (l: Locator) => (await l.textContent()) ?? '';
const pollText = (l: Locator, wanted: string) => expect.poll(() => textOf(l), { timeout: 20_000 }).toContain(wanted);
const clean = async () => expect(await traces(page)).toEqual(CLEAN);

beforeAll(async () => {
  server = await startServer();
  const db = server.db.store.db;
  await loadAssessDemo(db);
  await loadMujunDemo(db, { enterprises: 60 });
  await loadEcologyDemo(db);
  await loadTargetsDemo(db);
  await userWithPassword(server, 'xssmodules', ['admin'], null, PASSWORD);
  browser = await launchBrowser();
  w = await watchedPage(browser);
  page = w.page;
  await uiLogin(page, server.url, 'xssmodules', PASSWORD, '/');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('hostile names on the module pages (CSP on)', () => {
  it('home: a cockpit indicator’s name and unit in the cards, the trend and the region map tooltip', async () => {
    const NAME = `驾驶舱指标${IMG}`;
    const UNIT = `亿元${SVG}`;
    await page.locator('[data-test="cards"] .card.active').waitFor();
    const code = (await page.locator('[data-test="cards"] .card.active').getAttribute('data-indicator'))!;
    const indicator = await get(`/api/v1/indicators/${code}`);
    await send('PUT', `/api/v1/indicators/${code}`, { ...indicator, nameZh: NAME, nameEn: NAME, unit: UNIT });
    // the map colours the 镇街 by the indicator of the ranking below it, which may be another one
    const mapCode = await page.locator('[data-test="map-chart-wrap"][data-indicator]').getAttribute('data-indicator');
    if (mapCode && mapCode !== code) {
      const shown = await get(`/api/v1/indicators/${mapCode}`);
      await send('PUT', `/api/v1/indicators/${mapCode}`, { ...shown, unit: UNIT });
    }
    await page.goto(`${server.url}/`);
    await pollText(page.locator('[data-test="cards"]'), NAME);
    const trend = page.locator('[data-test="trend-chart"]');
    const map = page.locator('[data-test="map-chart"]');
    await map.locator('canvas').first().waitFor();
    expect(await hoverTooltips(page, trend, across(8, 0.5), NAME)).toContain(NAME);
    expect(await hoverTooltips(page, map, grid(8, 6), UNIT)).toContain(UNIT);
    await clean();
  });

  it('assessment: a platform’s name and a scheme version’s indicator and dimension names', async () => {
    const UNIT_NAME = `开发区${SCRIPT}`;
    const INDICATOR = `签约率${IMG}`;
    const DIMENSION = `招大引强${SVG}`;
    await rename('platform', PLATFORM, UNIT_NAME);
    const scheme = await get(`/api/v1/assess/schemes/${SCHEME}`);
    const definition = structuredClone((scheme.latest as Json).definition) as {
      indicators: { name: { zh: string; en: string } }[];
      nodes: { name: { zh: string; en: string } }[];
    };
    for (const i of definition.indicators) i.name = { zh: INDICATOR + i.name.zh, en: INDICATOR + i.name.en };
    for (const n of definition.nodes) n.name = { zh: DIMENSION + n.name.zh, en: DIMENSION + n.name.en };
    const bindings = (scheme.latest as Json).bindings ?? undefined;
    await send('POST', `/api/v1/assess/schemes/${SCHEME}/versions`, { definition, bindings, note: DIMENSION });
    const runs = (await get(`/api/v1/assess/runs?scheme=${SCHEME}`)).items as { period: string }[];
    const run = await send('POST', '/api/v1/assess/runs', { scheme: SCHEME, period: runs[0].period });

    await page.goto(`${server.url}/assess/runs/${run.id}`);
    await pollText(page.locator('[data-test="ranking-table"]'), UNIT_NAME);
    const bar = page.locator('[data-test="ranking-bar"]');
    await bar.locator('canvas').first().waitFor();
    expect(await hoverTooltips(page, bar, grid(8, 10), UNIT_NAME)).toContain(UNIT_NAME);
    await clean();

    // on a wide screen, so that the long names leave the contribution bars some room
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/assess/runs/${run.id}/units/${PLATFORM}`);
    await pollText(page.locator('[data-test="scorecard-unit"]'), UNIT_NAME);
    await page.locator('[data-test="scorecard-radar"] canvas').first().waitFor();
    const radar = await hoverTooltips(page, page.locator('[data-test="scorecard-radar"]'), grid(7, 7), DIMENSION);
    expect(radar).toContain(DIMENSION);
    const contributions = page.locator('[data-test="contributions"]');
    const contributed = await hoverTooltips(
      page,
      contributions,
      grid(8, 12).filter(([x]) => x > 0.7),
      INDICATOR,
    );
    expect(contributed).toMatch(/签约率<img|招大引强"><svg/);
    await hoverTooltips(page, page.locator('[data-test="rank-history"]'), across(6, 0.5));
    expect(await textOf(page.locator('[data-test="scorecard"]'))).toContain(UNIT_NAME);
    await clean();
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('亩均: an enterprise’s name and platform in the results and the class chart by platform', async () => {
    const FIRM = `纺织公司${IMG}`;
    const ZONE = `园区${SCRIPT}`;
    const run = ((await get('/api/v1/mujun/runs')).items as { id: number }[])[0];
    const first = ((await get(`/api/v1/mujun/runs/${run.id}/results?page=1&pageSize=1`)).items as { code: string }[])[0];
    await rename('enterprise', first.code, FIRM, { 所属平台: ZONE, platform: ZONE });
    await page.goto(`${server.url}/mujun/runs/${run.id}`);
    await page.locator('input[data-test="mujun-search"], [data-test="mujun-search"] input').fill(first.code);
    await page.locator('[data-test="mujun-query"]').click();
    await pollText(page.locator('[data-test="mujun-result-table"] .el-table__body').first(), FIRM);
    await page.locator('[data-test="mujun-chart-panel"] .el-tabs__item', { hasText: /平台/ }).click();
    const chart = page.locator('[data-test="mujun-chart"]');
    await chart.locator('canvas').first().waitFor();
    expect(await hoverTooltips(page, chart, across(12, 0.6), ZONE)).toContain(ZONE);
    await clean();
  });

  it('ecology: a station’s name in the target list, the calendar and the day panel', async () => {
    const STATION = `监测站${SVG}`;
    const station = ((await get('/api/v1/ecology/stations?page=1&pageSize=200')).items as { code: string }[])[0];
    await rename('station', station.code, STATION);
    await page.goto(`${server.url}/ecology`);
    await page.locator('.el-select[data-test="ecology-target"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: STATION }).first().click();
    const calendar = page.locator('[data-test="ecology-calendar"]');
    await calendar.locator('canvas').first().waitFor();
    expect(await hoverTooltips(page, calendar, grid(12, 4), 'AQI')).toContain('AQI');
    await page.locator('[data-test="ecology-worst-day"]').first().click();
    await pollText(page.locator('.el-select[data-test="ecology-day-station"]'), STATION);
    await clean();
  });

  it('挂图作战: a target’s name, department and source; a project’s name, action and department', async () => {
    const TARGET = `目标${IMG}`;
    const DEPT = `发改局${SCRIPT}`;
    const PROJECT = `项目${SVG}`;
    const ACTION = `行动${IMG}`;
    const list = (await get(`/api/v1/targets?year=${YEAR}&top=true&page=1&pageSize=20`)).items as Json[];
    const t = list.find((x) => x.planMethod !== 'entered') ?? list[0];
    const detail = await get(`/api/v1/targets/${t.id}`);
    const keep = ['indicatorCode', 'subjectKind', 'subjectCode', 'year', 'kind', 'targetValue', 'baseValue', 'accumulation', 'direction'];
    await send('PUT', `/api/v1/targets/${t.id}`, {
      ...Object.fromEntries(keep.map((k) => [k, detail[k]])),
      planMethod: detail.planMethod === 'entered' ? 'straight' : detail.planMethod,
      thresholds: detail.thresholds,
      name: TARGET,
      department: DEPT,
      leader: DEPT,
      sourceDocument: TARGET,
      parentId: detail.parentId,
    });
    await page.goto(`${server.url}/targets`);
    const row = page.locator('[data-test="targets-table"] .el-table__body tr', { hasText: TARGET }).first();
    await pollText(row, DEPT);
    await row.locator('[data-test="target-detail"]:visible').click();
    const chart = page.locator('[data-test="target-chart"]');
    await chart.locator('canvas').first().waitFor();
    await hoverTooltips(page, chart, across(12, 0.6));
    await pollText(page.locator('[data-test="targets-wall"]'), TARGET);
    await clean();

    const board = await get(`/api/v1/targets/projects/board?year=${YEAR}`);
    const laggard = (board.laggards as { code: string }[])[0];
    await rename('project', laggard.code, PROJECT, { action: ACTION, department: DEPT });
    await page.goto(`${server.url}/targets/projects`);
    await pollText(page.locator('[data-test="projects-laggards"]'), PROJECT);
    expect(await textOf(page.locator('[data-test="projects-groups"]'))).toContain(ACTION);
    await hoverTooltips(page, page.locator('[data-test="projects-chart"]'), across(12, 0.6));
    await clean();
  });

  it('no script ran and no CSP violation was reported anywhere', () => {
    expect(w.dialogs).toEqual([]);
    expect(w.cspConsole).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});
