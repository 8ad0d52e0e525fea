/**
 * The mapping step of the import wizard in Chromium (issue 11): a county analyst uploads a workbook
 * as an office sends it — a title row, a unit line, a two-row merged header, towns by name with an
 * ambiguous one (华舍) and a header the importer does not know — sees how it was read (header rows,
 * each column's role by indicator name and unit), sets the unknown column, picks the suggested
 * town, re-checks, commits, and finds the values in the data browser; the next file of the same
 * source goes through without any mapping. A town officer does the same in a task's submit dialog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../server/src/auth/actor.js';
import { createTask } from '../../server/src/collect/tasks.js';
import { rows } from '../../server/src/db/store.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';

const KEQIAO = '330603000000';
const HUASHE = '330603003000';
const PASSWORD = 'Analyst-Mapping-2025';
const SOURCE = '镇街月报（测试）';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** As an office sends it: a merged title, a unit line, a group header merged over C:D, merged-down A and B, a footnote. */
async function workbook(sheet = '表1', towns: (string | number)[][] = TOWNS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(['2019年各镇街主要指标完成情况']);
  ws.addRow(['填报单位：柯桥区统计局', null, '单位：元']);
  ws.addRow(['镇街', '期间', '收入与服务', null]);
  ws.addRow([null, null, '居民人均可支配收入', '服务圈覆盖']);
  for (const t of towns) ws.addRow(t);
  ws.addRow(['注：覆盖率为百分数']);
  ws.mergeCells('A1:D1');
  ws.mergeCells('A3:A4');
  ws.mergeCells('B3:B4');
  ws.mergeCells('C3:D3');
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const TOWNS = [
  ['柯桥街道', '2019', 61000, 80],
  ['华舍', '2019', 62000, 81],
  ['柯岩街道', '2019', 63000, 82],
];

beforeAll(async () => {
  server = await startServer();
  await userWithPassword(server, 'analyst', ['analyst'], KEQIAO, PASSWORD);
  await userWithPassword(server, 'huashe', ['town_officer'], HUASHE, PASSWORD);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens an Element Plus select and clicks the visible option whose text is exactly `label`. */
async function choose(selectTest: string, label: string) {
  await page.locator(`[data-test="${selectTest}"]`).click();
  const exact = new RegExp(`^\\s*${label.replace(/[()（）]/g, '\\$&')}\\s*$`);
  await page.locator('.el-select-dropdown__item:visible', { hasText: exact }).first().click();
}

async function upload(name: string) {
  await page.goto(`${server.url}/data/import`);
  await page.locator('[data-test="import-next"]').click();
  await page
    .locator('[data-test="import-step-upload"] input[type=file]')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: await workbook() });
  await page.locator('[data-test="import-source"]').fill(SOURCE);
  await page.locator('[data-test="import-dry-run"]').click();
}

describe('the mapping step of the import wizard', () => {
  it('shows how the workbook was read and the names to confirm', async () => {
    await uiLogin(page, server.url, 'analyst', PASSWORD, '/data/import');
    await upload('towns-2019-06.xlsx');
    const panel = page.locator('[data-test="mapping-panel"]');
    await panel.waitFor();
    await page.locator('[data-test="import-issues"]').waitFor();
    expect(await panel.locator('[data-test="mapping-header-rows"]').textContent()).toContain('第 3–4 行');
    const columns = panel.locator('[data-test="mapping-columns"] tbody tr');
    expect(await columns.count()).toBe(4);
    expect(await columns.nth(0).textContent()).toContain('地区名称');
    expect(await columns.nth(1).textContent()).toContain('期间');
    // an indicator by its name and unit, not its code
    const income = await columns.nth(2).textContent();
    expect(income).toContain('居民人均可支配收入（元）');
    expect(income).not.toContain('INCOME_PC');
    expect(await columns.nth(3).textContent()).toContain('服务圈覆盖');
    const names = panel.locator('[data-test="mapping-names"] tbody tr');
    expect(await names.count()).toBe(1);
    expect(await names.first().textContent()).toContain('华舍');
    expect(await names.first().textContent()).toContain('对应多个');
  });

  it('the analyst sets the column and picks the suggestion, re-checks and commits; the values are in the data browser', async () => {
    await choose('mapping-column-D', '15分钟公共服务圈覆盖率（%）');
    await choose('mapping-name-华舍', '华舍街道');
    await page.locator('[data-test="mapping-apply"]').click();
    await page.locator('[data-test="import-preview"]').waitFor();
    const sample = await page.locator('[data-test="import-sample"]').textContent();
    expect(sample).toContain('华舍街道');
    expect(sample).toContain('元');
    expect(sample).not.toContain('330603003000');
    expect(await page.locator('[data-test="preview-inserted"]').textContent()).toBe('6');
    await page.locator('[data-test="import-commit"]').click();
    const link = page.locator('[data-test="import-batch-link"]');
    await link.waitFor();
    const batchId = Number((await link.textContent())!.match(/#(\d+)/)![1]);
    await link.click();
    await page.waitForURL(new RegExp(`/data\\?batch=${batchId}`));
    await page.waitForFunction(() => (document.querySelector('[data-test="data-table"]')?.textContent ?? '').includes('62,000'));
    const table = await page.locator('[data-test="data-table"]').textContent();
    expect(table).toContain('华舍街道');
    expect(table).toContain('63,000');
  });

  it('the next file of the same source needs no mapping', async () => {
    await upload('towns-2019-07.xlsx');
    await page.locator('[data-test="import-preview"]').waitFor();
    expect(await page.locator('[data-test="import-errors"]').count()).toBe(0);
    expect(await page.locator('[data-test="preview-inserted"]').textContent()).toBe('0');
    const columns = page.locator('[data-test="mapping-columns"] tbody tr');
    expect(await columns.nth(3).textContent()).toContain('15分钟公共服务圈覆盖率（%）');
    expect(errors).toEqual([]);
  });

  it('a header below more note lines than are searched is set by row number in the mapping step', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表1');
    for (let i = 1; i <= 17; i++) ws.addRow([`填表说明第${i}条：按统计口径填报`]);
    ws.addRow(['镇街', '期间', '居民人均可支配收入', '服务圈覆盖']);
    ws.addRow(['柯桥街道', '2019', 61500, 80]);
    await page.goto(`${server.url}/data/import`);
    await page.locator('[data-test="import-next"]').click();
    await page
      .locator('[data-test="import-step-upload"] input[type=file]')
      .setInputFiles({ name: 'notes-on-top.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    await page.locator('[data-test="import-source"]').fill(SOURCE);
    await page.locator('[data-test="import-dry-run"]').click();
    const panel = page.locator('[data-test="mapping-panel"]');
    await panel.waitFor();
    await page.locator('[data-test="import-issues"]').waitFor();
    const row = panel.locator('[data-test="mapping-header-row"] input');
    await row.fill('18');
    await row.press('Tab');
    await panel.locator('[data-test="mapping-apply"]').click();
    await page.locator('[data-test="import-preview"]').waitFor();
    expect(await panel.locator('[data-test="mapping-header-rows"]').textContent()).toContain('第 18 行');
    expect(await page.locator('[data-test="import-sample"]').textContent()).toContain('61,500');
    expect(errors).toEqual([]);
  });
});

describe('the same mapping step in a reporting task’s submission', () => {
  it('the town officer confirms the mapping in the submit dialog, re-checks and submits as 初步', async () => {
    const task = await createTask(server.db.store.db, systemActor('test'), {
      title: '2026年华舍年度指标',
      indicatorSet: 'town-annual',
      period: '2026',
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      units: [HUASHE],
      instructions: '',
      yoyAlert: 0.3,
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await uiLogin(page, server.url, 'huashe', PASSWORD, `/collect/${task.id}`);
    await page.locator('[data-test="collect-submit"]').click();
    const dialog = page.locator('[data-test="collect-submit-dialog"]');
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'huashe-2026.xlsx',
      mimeType: 'application/octet-stream',
      buffer: await workbook('华舍', [['华舍', '2026', 150000, 91.5]]),
    });
    await dialog.locator('[data-test="collect-check"]').click();
    await dialog.locator('[data-test="mapping-panel"]').waitFor();
    await choose('mapping-column-D', '15分钟公共服务圈覆盖率（%）');
    await choose('mapping-name-华舍', '华舍街道');
    await dialog.locator('[data-test="mapping-apply"]').click();
    await dialog.locator('[data-test="collect-preview"]').waitFor();
    expect(await dialog.textContent()).toContain('华舍街道');
    await dialog.locator('[data-test="collect-confirm"]').click();
    await dialog.waitFor({ state: 'hidden' });
    const stored = await rows<{ indicator_code: string; value: number; status: string }>(
      server.db.store.db,
      sql`select o.indicator_code, o.value, o.status from observation o join subject s on s.id = o.subject_id
          where o.is_current and s.code = ${HUASHE} and o.period = '2026' order by o.indicator_code`,
    );
    expect(stored).toEqual([
      { indicator_code: 'INCOME_PC', value: 150000, status: 'preliminary' },
      { indicator_code: 'SERVICE_CIRCLE_COVERAGE', value: 91.5, status: 'preliminary' },
    ]);
    expect(errors).toEqual([]);
  });
});
