/**
 * 挂图作战 in Chromium: with the targets demo loaded (real targets, synthetic actuals and projects),
 * a monthly actuals workbook goes through the real importer and turns 华舍's GDP sub-target red; the
 * leader's cockpit shows the targets card, the wall drills down to the towns and shows 华舍 red; a
 * project's investment import (the real importer) makes it a laggard on the 661 board; its town
 * officer records a 要素保障 problem; the monthly report exports with the red target and the laggard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../server/src/auth/actor.js';
import { loadActor } from '../../server/src/auth/service.js';
import { one } from '../../server/src/db/store.js';
import { runImport } from '../../server/src/imports/service.js';
import { loadTargetsDemo } from '../../server/src/targets/demo.js';
import { createProblem, importInvestment, listProblems } from '../../server/src/targets/projects.js';
import { writeScoreboard } from '../../server/src/targets/service.js';
import { readXlsx } from '../../server/test/fixtures';
import { downloadOf, launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const KQ = '330603000000';
const HUASHE = '330603003000';
const PASSWORD = 'Targets-Leader-2026';
const YEAR = 2026;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const db = () => server.db.store.db;

beforeAll(async () => {
  server = await startServer();
  await loadTargetsDemo(db(), { today: new Date('2026-11-26T00:00:00Z') });
  await userWithPassword(server, 'quzhang', ['leader'], KQ, PASSWORD);
  await userWithPassword(server, 'huashe-officer', ['town_officer'], HUASHE, PASSWORD);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('月报');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('挂图作战 in Chromium', () => {
  it('a monthly actuals workbook turns 华舍’s GDP target red; the leader sees it on the cockpit and drills to the town', async () => {
    const last = (await one<{ v: number }>(
      db(),
      sql`select o.value as v from observation o join subject s on s.id = o.subject_id
          where s.kind = 'region' and s.code = ${HUASHE} and o.indicator_code = 'TG_GDP_CUM' and o.period = '2025-10' and o.is_current`,
    ))!.v;
    // cumulative GDP to October at 80 % of last year's: growth −20 %, far below the 7–8.5 % target
    const bytes = await workbook([
      ['地区代码', '指标代码', '期间', '值'],
      [HUASHE, 'TG_GDP_CUM', '2026-10', Math.round(last * 0.8 * 100) / 100],
    ]);
    const r = await runImport(db(), systemActor('stats'), bytes, { fileName: '镇街月度实绩.xlsx', maxBytes: 1e7, dryRun: false });
    expect(r.revised + r.inserted).toBe(1);
    await writeScoreboard(db(), systemActor('stats'), YEAR, 10, { synthetic: true });

    await uiLogin(page, server.url, 'quzhang', PASSWORD);
    await page.locator('[data-test="cockpit"]').waitFor();
    await page.locator('[data-test="cards"]').waitFor();
    expect(await page.locator('[data-test="cards"]').textContent()).toContain('目标按序时进度完成率');

    await page.goto(server.url + '/targets');
    const gdp = page.locator('[data-test="targets-table"] tr', { hasText: '地区生产总值增长7.5%以上' });
    await gdp.waitFor();
    await gdp.locator('[data-test="target-drill"]').click();
    const town = page.locator('[data-test="targets-towns"] tr', { hasText: '华舍' });
    await town.waitFor();
    expect(await town.textContent()).toContain('红灯');
    expect(await problemsOnScreen(page)).toEqual([]);
  });

  it('an investment import makes a project a laggard; its town officer records a problem', async () => {
    const project = (await one<{ id: number; code: string; name: string }>(
      db(),
      sql`select s.id, s.code, s.name from subject s where s.kind = 'project' and s.region_code = ${HUASHE} order by s.code limit 1`,
    ))!;
    const months = Array.from({ length: 10 }, (_, i) => [project.code, `${YEAR}-${String(i + 1).padStart(2, '0')}`, 0]);
    await importInvestment(db(), systemActor('fgw'), await workbook([['项目编号', '月份', '当月完成投资（亿元）'], ...months]), {
      fileName: '重大项目月度投资.xlsx',
      year: YEAR,
      dryRun: false,
      maxBytes: 1e7,
    });
    await page.goto(server.url + '/targets/projects');
    const row = page.locator('[data-test="projects-laggards"] tr', { hasText: project.name });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/投资/);

    const uid = (await one<{ id: number }>(db(), sql`select id from app_user where username = 'huashe-officer'`))!.id;
    const officer = (await loadActor(db(), uid))!.actor;
    await createProblem(db(), officer, project.id, {
      kind: 'land',
      description: '用地指标未落实，影响投资进度',
      ownerDepartment: '自然资源和规划分局',
      dueDate: '2026-12-31',
      status: 'open',
    });
    expect((await listProblems(db(), officer, project.id)).map((p) => p.description)).toEqual(['用地指标未落实，影响投资进度']);
  });

  it('exports the monthly report with the red target and the laggard', async () => {
    await page.goto(server.url + '/targets/milestones');
    await page.locator('[data-test="targets-milestones"] [data-test="milestone-status"]').first().waitFor();
    const file = await downloadOf(page, () => page.locator('[data-test="report-export"]').click());
    expect(file.name).toMatch(/挂图作战进展报告/);
    const book = await readXlsx(file.bytes);
    const targets = book['目标进展'];
    const huashe = targets.find((r) => String(r[0]).startsWith('华舍'))!;
    expect(huashe).toContain('红灯');
    expect(book['滞后项目'].length).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });
});
