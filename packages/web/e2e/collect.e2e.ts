/**
 * 填报任务 in Chromium, as the issue walks it: the district office issues a task to its 16 镇街; the
 * 华舍 officer downloads the template and uploads a workbook as towns send it (a title row, a merged
 * two-row header, the town by name); the office sees it on the board, returns it with a reason; the
 * town resubmits; the office accepts and the values are 正式 with their provenance; the 柯岩 officer
 * sees none of it. The office attaches a template file that the town downloads, and the 柯岩
 * officer fills its figures in on screen (在线填报) instead of uploading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/src/db/store.js';
import { readXlsx } from '../../server/test/fixtures';
import { downloadOf, launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const KQ = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
const PASSWORD = 'Collect-Task-2026';
const TITLE = '2026年镇街年度共富指标报送';
const PDF = Buffer.from('%PDF-1.4\n% 填报说明 (synthetic)\n%%EOF\n');

let server: RunningServer;
let browser: Browser;
const pages: Record<'office' | 'huashe' | 'keyan', Page> = {} as never;
const errors: string[] = [];
let taskUrl = '';

beforeAll(async () => {
  server = await startServer();
  await userWithPassword(server, 'office', ['analyst'], KQ, PASSWORD);
  await userWithPassword(server, 'huashe', ['town_officer'], HUASHE, PASSWORD);
  await userWithPassword(server, 'keyan', ['town_officer'], KEYAN, PASSWORD);
  browser = await launchBrowser();
  for (const who of ['office', 'huashe', 'keyan'] as const) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    pages[who] = await context.newPage();
    pages[who].on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
    await uiLogin(pages[who], server.url, who, PASSWORD);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The workbook a town sends: a title, a group header 2026年 merged over the two indicators, names not codes. */
async function townWorkbook(income: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('华舍');
  ws.addRow(['2026年华舍街道年度共富指标报送表']);
  ws.addRow(['地区名称', '期间', '2026年', null]);
  ws.addRow([null, null, '居民人均可支配收入（元）', '15分钟公共服务圈覆盖率（%）']);
  ws.addRow(['华舍街道', '2026', income, 92.5]);
  ws.mergeCells('A1:D1');
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:B3');
  ws.mergeCells('C2:D2');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const unitRow = (page: Page, name: string) => page.locator('[data-test="collect-units"] tbody tr', { hasText: name });
const statusOf = (page: Page, name: string) => unitRow(page, name).locator('[data-status]').getAttribute('data-status');

/** a folder for screenshots of each step (GONGFU_SCREENSHOTS=/tmp/shots), for a person to look at */
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

async function expectClean(page: Page, shot: string) {
  expect(await problemsOnScreen(page)).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/collect-${shot}.png` });
}

async function upload(page: Page, income: number) {
  await unitRow(page, '华舍街道').locator('[data-test="collect-submit"]').click();
  const dialog = page.locator('[data-test="collect-submit-dialog"]');
  await dialog
    .locator('input[type=file]')
    .setInputFiles({ name: '华舍街道2026.xlsx', mimeType: 'application/octet-stream', buffer: await townWorkbook(income) });
  await dialog.locator('[data-test="collect-check"]').click();
  // the check ends in a preview, a list of problems or an error message: wait for any, then say which
  await page
    .locator('[data-test="collect-preview"], [data-test="collect-issues"], .el-message--error')
    .first()
    .waitFor({ timeout: 60_000 });
  const outcome = `${await dialog.textContent()} | ${await page.locator('.el-message').allTextContents()}`;
  expect(await dialog.locator('[data-test="collect-preview"]').count(), outcome).toBe(1);
  expect(await dialog.textContent()).toContain('居民人均可支配收入');
  await dialog.locator('[data-test="collect-confirm"]').click();
  await page.waitForFunction(
    () => document.querySelector('[data-test="collect-units"] [data-status]')?.getAttribute('data-status') === 'submitted',
  );
}

describe('reporting tasks in Chromium', () => {
  it('the office issues a task to its 16 towns, all ticked by default', async () => {
    const page = pages.office;
    await page.goto(server.url + '/collect');
    await page.locator('[data-test="collect-new"]').click();
    const dialog = page.locator('[data-test="collect-new-dialog"]');
    await dialog.locator('[data-test="collect-new-title"]').fill(TITLE);
    await dialog.locator('[data-test="collect-new-set"]').click();
    await page.locator('.el-select-dropdown__item', { hasText: '镇街年度共富指标' }).click();
    await dialog.locator('[data-test="collect-new-period"]').fill('2026');
    const deadline = dialog.locator('[data-test="collect-new-deadline"] input');
    await deadline.fill('2027-01-15 17:30');
    await deadline.press('Enter');
    expect(await dialog.locator('[data-test="collect-new-all"]').textContent()).toContain('16');
    await dialog.locator('[data-test="collect-new-submit"]').click();
    await page.waitForURL(/\/collect\/\d+$/);
    taskUrl = new URL(page.url()).pathname;
    await page.locator('[data-test="collect-units"] tbody tr').nth(15).waitFor();
    expect(await page.locator('[data-test="collect-units"] tbody tr').count()).toBe(16);
    expect(await page.locator('[data-test="collect-board"]').textContent()).toContain('2027-01-15 17:30');
    await page
      .locator('[data-test="collect-attachment-upload"] input[type=file]')
      .setInputFiles({ name: '填报说明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('[data-test="collect-attachment-download"]').waitFor();
    expect(await page.locator('[data-test="collect-attachment"]').textContent()).toContain('填报说明.pdf');
    await expectClean(page, 'board');
  });

  it('the 华舍 officer is notified, downloads the template and submits a workbook with a title, a merged header and the town by name', async () => {
    const page = pages.huashe;
    await page.goto(server.url + '/collect');
    await page.locator('[data-test="notifications-unread"]').waitFor();
    await page.locator('[data-test="collect-table"] tbody tr', { hasText: TITLE }).click();
    await page.waitForURL((u) => u.pathname === taskUrl);
    await unitRow(page, '华舍街道').waitFor();
    expect(await page.locator('[data-test="collect-units"] tbody tr').count()).toBe(1);
    const template = await downloadOf(page, () => unitRow(page, '华舍街道').locator('[data-test="collect-template"]').click());
    expect(template.name).toContain('2026');
    const sheet = Object.values(await readXlsx(template.bytes))[0];
    expect(sheet[1].slice(0, 3)).toEqual([HUASHE, '华舍街道', '2026']);
    const attachment = await downloadOf(page, () => page.locator('[data-test="collect-attachment-download"]').click());
    expect(Buffer.from(attachment.bytes).equals(PDF)).toBe(true);
    await upload(page, 160000);
    await expectClean(page, 'town');
  });

  it('the 柯岩 officer sees the task with only 柯岩, and nothing of 华舍', async () => {
    const page = pages.keyan;
    await page.goto(server.url + taskUrl);
    await unitRow(page, '柯岩街道').waitFor();
    expect(await page.locator('[data-test="collect-units"]').textContent()).not.toContain('华舍');
    const review = await page.evaluate(
      async (url) => (await fetch(url, { credentials: 'include' })).status,
      `/api/v1${taskUrl.replace('/collect', '/report-tasks')}/units/${HUASHE}/review`,
    );
    expect(review).toBe(404);
  });

  it('the 柯岩 officer fills its figures in on screen: checked, then submitted as 初步', async () => {
    const page = pages.keyan;
    await unitRow(page, '柯岩街道').locator('[data-test="collect-entry"]:visible').click();
    const dialog = page.locator('[data-test="collect-entry-dialog"]');
    const income = dialog.locator('[data-test="collect-entry-INCOME_PC"] input');
    await income.waitFor();
    await income.fill('70300');
    await income.press('Tab');
    await dialog.locator('[data-test="collect-entry-check"]').click();
    await page
      .locator('[data-test="collect-entry-preview"], [data-test="collect-entry-problems"], .el-message--error')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await dialog.locator('[data-test="collect-entry-preview"]').count(), await dialog.textContent()).toBe(1);
    await expectClean(page, 'entry');
    await dialog.locator('[data-test="collect-entry-confirm"]').click();
    await unitRow(page, '柯岩街道').locator('[data-status="submitted"]').waitFor();
    const [value] = await rows<{ value: number; status: string }>(
      server.db.store.db,
      sql`select o.value, o.status from observation o join subject s on s.id = o.subject_id
          where o.is_current and o.indicator_code = 'INCOME_PC' and o.period = '2026' and s.code = ${KEYAN}`,
    );
    expect(value).toMatchObject({ value: 70300, status: 'preliminary' });
  });

  it('the office reviews, sees the year-on-year flag and returns it with a reason', async () => {
    const page = pages.office;
    await page.goto(server.url + taskUrl);
    expect(await statusOf(page, '华舍街道')).toBe('submitted');
    await unitRow(page, '华舍街道').locator('[data-test="collect-review"]').click();
    const drawer = page.locator('[data-test="collect-review-drawer"]');
    await drawer.locator('[data-flag="yoy"]').first().waitFor();
    await expectClean(page, 'review');
    await drawer.locator('[data-test="collect-return"]').click();
    const box = page.locator('.el-message-box');
    await box.locator('input').fill('人均收入同比增幅过大，请核实后重报');
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-test="collect-units"] tbody tr')].some(
        (r) => r.textContent?.includes('华舍街道') && r.querySelector('[data-status="returned"]'),
      ),
    );
  });

  it('the town sees the reason and resubmits; the office accepts and the values are 正式 with provenance', async () => {
    const town = pages.huashe;
    await town.goto(server.url + taskUrl);
    await unitRow(town, '华舍街道').locator('[data-status="returned"]').waitFor();
    expect(await unitRow(town, '华舍街道').textContent()).toContain('人均收入同比增幅过大，请核实后重报');
    await upload(town, 72000);

    const office = pages.office;
    await office.goto(server.url + taskUrl);
    await unitRow(office, '华舍街道').locator('[data-test="collect-review"]').click();
    await office.locator('[data-test="collect-review-drawer"] [data-test="collect-accept"]').click();
    await unitRow(office, '华舍街道').locator('[data-status="accepted"]').waitFor();
    const [value] = await rows<{ value: number; status: string; note: string }>(
      server.db.store.db,
      sql`select o.value, o.status, b.note from observation o join subject s on s.id = o.subject_id join import_batch b on b.id = o.batch_id
          where o.is_current and o.indicator_code = 'INCOME_PC' and o.period = '2026' and s.code = ${HUASHE}`,
    );
    expect(value).toMatchObject({ value: 72000, status: 'final' });
    expect(value.note).toContain('审核通过');

    // the data browser shows it as 正式, and its provenance names the task
    await office.goto(`${server.url}/data?indicator=INCOME_PC&region=${HUASHE}&from=2026&to=2026`);
    const row = office.locator('[data-test="data-table"] tbody tr', { hasText: '华舍街道' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('正式');
    expect(errors).toEqual([]);
  });
});
