/**
 * The administrator's first day in Chromium: log in with the one-time password printed at first
 * start, change it, look at the cockpit, import a workbook through the wizard (a rejected file
 * first), find the values in the data browser with their provenance, export them, switch to English.
 * Also measures what the home page costs (printed, not asserted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { downloadOf, ensureWebBuilt, firstStartAdmin, launchBrowser, startServer, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';
import { describeCost, measureHome } from './measure';
import { xlsx, type Row } from '../../server/test/fixtures';
import { signed } from '../src/utils/change';

const HUASHE = '330603003000';
const KEYAN = '330603002000';
const NEW_PASSWORD = 'Keqiao-Gongfu-2025';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: { username: string; password: string };
let batchId = 0;
const errors: string[] = [];

const workbook = (rows: Row[]) => xlsx({ 数据: rows });

beforeAll(async () => {
  server = await startServer();
  admin = await firstStartAdmin(server);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('administrator in Chromium', () => {
  it('is sent to the login page, then must replace the one-time password', async () => {
    await page.goto(server.url + '/data');
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/data');
    // a wrong password shows the server's message in Chinese
    await page.locator('[data-test="login-username"]').fill('admin');
    await page.locator('[data-test="login-password"]').fill('wrong-password');
    await page.locator('[data-test="login-submit"]').click();
    await page.locator('[data-test="login-error"]').waitFor();
    expect(await page.locator('[data-test="login-error"]').textContent()).toMatch(/[\u4e00-\u9fff]/);

    await page.locator('[data-test="login-password"]').fill(admin.password);
    await page.locator('[data-test="login-submit"]').click();
    await page.waitForURL((u) => u.pathname === '/password' && u.searchParams.get('redirect') === '/data');
    await page.locator('[data-test="password-required"]').waitFor();
    // every other page sends the user back here until the password is changed
    await page.goto(server.url + '/');
    await page.waitForURL((u) => u.pathname === '/password');

    await page.locator('[data-test="password-current"]').fill(admin.password);
    await page.locator('[data-test="password-next"]').fill(NEW_PASSWORD);
    await page.locator('[data-test="password-confirm"]').fill(NEW_PASSWORD);
    await page.locator('[data-test="password-submit"]').click();
    await page.waitForURL((u) => u.pathname === '/'); // where the user was last going
    expect(await page.locator('[data-test="side-menu"]').textContent()).toContain('用户管理');
  });

  it('shows the cockpit: Keqiao GDP with its source and year-on-year change, trend and map', async () => {
    const gdp = page.locator('[data-indicator="GDP"]');
    await gdp.waitFor();
    expect(await page.locator('[data-test="cockpit-region"]').textContent()).toBe('柯桥区');
    expect(await gdp.locator('[data-test="value"]').textContent()).toBe('2,252.28');
    expect(await gdp.textContent()).toContain('柯桥区融媒体中心');
    expect(await gdp.locator('[data-test="yoy"]').textContent()).toContain('+10.9%'); // 2252.28 / 2030.29 − 1
    await page.locator('[data-test="trend-chart"] canvas').waitFor();
    await page.locator('[data-test="map-chart"] canvas').waitFor();
    // the towns' series are synthetic and say so
    const table = page.locator('[data-test="children-table"]');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(16);
    expect(await page.locator('[data-test="children-synthetic"]').textContent()).toContain('合成数据');
    expect(await page.locator('[data-test="synthetic-tag"]').first().textContent()).toContain('合成数据');
    // re-scope the cockpit to a town with the region picker
    await page.locator('.el-select[data-test="region-picker"]').first().click();
    const popper = page.locator('.el-popper.region-picker-popper');
    // the tree opens down to the current region (浙江省 › 绍兴市 › 柯桥区); open 柯桥区 for its towns
    await popper
      .locator('.el-tree-node__content', { hasText: /^柯桥区$/ })
      .locator('.el-tree-node__expand-icon')
      .click();
    await popper.getByText('华舍街道', { exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-test="cockpit-region"]')?.textContent === '华舍街道');
    await page.locator('[data-indicator="INCOME_PC"]').waitFor();
    // a rate changes in 个百分点 (the difference), an amount in % (issue 10); better is green
    const summary = await page.evaluate(
      async (code) => (await (await fetch(`/api/v1/reports/indicator-summary?region=${code}`, { credentials: 'include' })).json()).items,
      HUASHE,
    );
    const coverage = summary.find((i: { indicatorCode: string }) => i.indicatorCode === 'SERVICE_CIRCLE_COVERAGE');
    const points = coverage.latest.value - coverage.previous.value; // coverage is higher-is-better
    expect(Math.abs(points)).toBeGreaterThan(0.05);
    const rate = page.locator('[data-indicator="SERVICE_CIRCLE_COVERAGE"] [data-test="yoy"]');
    expect(await rate.textContent()).toContain(`同比 ${signed(points)} 个百分点`);
    expect(await rate.getAttribute('class')).toContain(points > 0 ? 'tone-better' : 'tone-worse');
    const amount = page.locator('[data-indicator="INCOME_PC"] [data-test="yoy"]');
    expect(await amount.textContent()).toMatch(/同比 \+\d+\.\d%$/);
    expect(await amount.getAttribute('data-kind')).toBe('relative');

    // or find a town by typing its name, without opening the tree
    await page.locator('.el-select[data-test="region-picker"]').first().click();
    await popper.locator('[data-test="region-search"]').fill('柯岩街道');
    await popper.locator('[data-test="region-search-results"] li', { hasText: '柯岩街道' }).first().click();
    await page.waitForFunction(() => document.querySelector('[data-test="cockpit-region"]')?.textContent === '柯岩街道');
  });

  it('rejects a workbook with errors and reports them by sheet, row and column, also as CSV', async () => {
    await page.locator('[data-test="menu-/data/import"]').click();
    await page.locator('[data-test="import-step-template"]').waitFor();
    const template = await downloadOf(page, () => page.locator('[data-test="import-template"]').click());
    expect(template.name).toMatch(/^template-.*\.xlsx$/);
    expect(template.bytes.subarray(0, 2).toString()).toBe('PK');
    await page.locator('[data-test="import-next"]').click();

    const bad = await workbook([
      ['地区代码', '期间', '居民人均可支配收入（元）[INCOME_PC]'],
      [HUASHE, 2019, 'abc'],
    ]);
    await page
      .locator('[data-test="import-step-upload"] input[type=file]')
      .setInputFiles({ name: 'bad.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    await page.locator('[data-test="import-dry-run"]').click();
    const issues = page.locator('[data-test="import-issues"]');
    await issues.locator('tbody tr').first().waitFor();
    const row = await issues.locator('tbody tr').first().textContent();
    expect(row).toContain('数据');
    expect(row).toContain('C');
    const csv = await downloadOf(page, () => page.locator('[data-test="import-errors-csv"]').click());
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('工作表,行,列,错误代码,说明');
    expect(text).toMatch(/数据,2,C,[A-Z_]+,/);
  });

  it('reads a cell shown as 120 % as 120 and points out the implausible share before committing', async () => {
    const shares = await workbook([
      ['地区代码', '期间', '空气质量优良天数比例（%）[GOOD_AIR_RATIO]'],
      ['330603000000', 2019, { value: 1.2, numFmt: '0%' }],
    ]);
    await page
      .locator('[data-test="import-step-upload"] input[type=file]')
      .setInputFiles({ name: 'shares.xlsx', mimeType: 'application/octet-stream', buffer: shares });
    await page.locator('[data-test="import-dry-run"]').click();
    await page.locator('[data-test="import-preview"]').waitFor();
    expect(await page.locator('[data-test="import-sample"] tbody tr').first().textContent()).toContain('120');
    const warning = page.locator('[data-test="import-warnings"] [data-code="VALUE_OUT_OF_RANGE"]');
    expect(await warning.textContent()).toContain('0–100%');
  });

  it('imports a workbook: dry run preview, commit, link to the batch', async () => {
    const good = await workbook([
      ['地区代码', '地区名称', '期间', '居民人均可支配收入（元）[INCOME_PC]'],
      [HUASHE, '华舍街道', 2019, 61234],
      [KEYAN, '柯岩街道', 2019, 62500],
    ]);
    await page
      .locator('[data-test="import-step-upload"] input[type=file]')
      .setInputFiles({ name: 'towns-2019.xlsx', mimeType: 'application/octet-stream', buffer: good });
    await page.locator('[data-test="import-source"]').fill('镇街统计报表（测试）');
    await page.locator('[data-test="import-dry-run"]').click();
    await page.locator('[data-test="import-preview"]').waitFor();
    expect(await page.locator('[data-test="preview-inserted"]').textContent()).toBe('2');
    await page.locator('[data-test="import-commit"]').click();
    const link = page.locator('[data-test="import-batch-link"]');
    await link.waitFor();
    batchId = Number((await link.textContent())!.match(/#(\d+)/)![1]);
    expect(batchId).toBeGreaterThan(0);
    await link.click();
    await page.waitForURL(new RegExp(`/data\\?batch=${batchId}`));
  });

  it('shows the imported values in the data browser chart and table, with their provenance', async () => {
    const table = page.locator('[data-test="data-table"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="data-table"] tbody tr').length === 2);
    expect(await table.textContent()).toContain('61,234');
    expect(await page.locator('[data-test="batch-filter"]').textContent()).toContain(String(batchId));
    // ECharts describes the chart (series and values) in the container's aria-label
    await page.waitForFunction(() => document.querySelector('[data-test="data-chart"]')?.getAttribute('aria-label')?.includes('61234'));
    const description = await page.locator('[data-test="data-chart"]').getAttribute('aria-label');
    expect(description).toContain('61234');
    expect(description).toContain('62500');

    await table.locator('tbody tr', { hasText: '华舍街道' }).locator('[data-test="row-provenance"]').click();
    const drawer = page.locator('.el-drawer');
    await drawer.locator('[data-test="provenance-batch"]').waitFor();
    expect(await drawer.locator('[data-test="provenance-batch"]').textContent()).toContain(`#${batchId} towns-2019.xlsx`);
    expect(await drawer.locator('[data-test="provenance-source"]').textContent()).toBe('镇街统计报表（测试）');
    // who loaded it by display name (the built-in admin's), never the login name
    expect(await drawer.locator('[data-test="provenance-loaded-by"]').textContent()).toBe('系统管理员');
    expect(await drawer.locator('[data-test="provenance-history"]').textContent()).toContain('61,234');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('exports the same filtered values as CSV and as a wide workbook', async () => {
    await page.locator('[data-test="export"]').click();
    const csv = await downloadOf(page, () => page.locator('[data-test="export-csv-long"]').click());
    expect(csv.name).toMatch(/\.csv$/);
    const text = csv.bytes.toString('utf8');
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3); // header and the batch's two values
    expect(text).toContain(HUASHE);
    expect(text).toContain('61234');
    expect(text).toContain('62500');

    await page.locator('[data-test="export"]').click();
    const xlsx = await downloadOf(page, () => page.locator('[data-test="export-xlsx-wide"]').click());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ExcelJS.Buffer);
    const values: unknown[] = [];
    wb.eachSheet((ws) => ws.eachRow((r) => values.push(...(r.values as unknown[]))));
    expect(values).toContain(61234);
    expect(values).toContain(62500);
  });

  it('withdraws a value (data:delete) and keeps it in the history', async () => {
    const table = page.locator('[data-test="data-table"]');
    const before = await table.locator('tbody tr').count();
    await table.locator('tbody tr', { hasText: '柯岩街道' }).locator('[data-test="row-withdraw"]').click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    // Cancelling withdraws nothing and shows no error.
    await box.locator('.el-message-box__btns .el-button').first().click();
    await box.waitFor({ state: 'hidden' });
    expect(await page.locator('.el-message--error').count()).toBe(0);
    expect(await table.locator('tbody tr').count()).toBe(before);

    await table.locator('tbody tr', { hasText: '柯岩街道' }).locator('[data-test="row-withdraw"]').click();
    await box.waitFor();
    await box.locator('.el-message-box__btns .el-button--primary').click();
    // A reason is required.
    await box.locator('.el-message-box__errormsg', { hasText: '请填写撤回原因' }).waitFor();
    await box.locator('input').fill('录入错误，待镇街重报');
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="data-table"] tbody tr').length === n - 1, before);
  });

  it('pages the data browser with the true total, draws one chosen indicator, clears the chart on an empty result', async () => {
    await page.goto(server.url + '/data');
    const table = page.locator('[data-test="data-table"]');
    await table.locator('tbody tr').first().waitFor();
    const api = await page.evaluate(
      async () => (await (await fetch('/api/v1/observations?region=330603000000&pageSize=1')).json()).total as number,
    );
    expect(api).toBeGreaterThan(1000);
    expect(await page.locator('[data-test="data-total"]').textContent()).toBe(`共 ${api.toLocaleString()} 条`);
    expect(await table.locator('tbody tr').count()).toBe(50);
    // no indicator chosen: no chart of everything, a hint instead
    expect(await page.locator('[data-test="data-chart"]').isVisible()).toBe(false);
    await page.locator('[data-test="chart-hint"]').waitFor();
    // page 2 shows the next 50
    const firstRow = await table.locator('tbody tr').first().textContent();
    await page.locator('[data-test="pager"] .btn-next').click();
    await page.waitForFunction((t) => document.querySelector('[data-test="data-table"] tbody tr')?.textContent !== t, firstRow);
    expect(await table.locator('tbody tr').count()).toBe(50);

    await page.goto(server.url + '/data?indicator=GDP');
    await page.waitForFunction(() => document.querySelector('[data-test="data-chart"]')?.getAttribute('aria-label')?.includes('柯桥区'));
    expect(await page.locator('[data-test="data-chart"]').isVisible()).toBe(true);
    // an empty result leaves no old lines behind
    await page.locator('[data-test="filter-from"]').fill('2090');
    await page.locator('[data-test="filter-apply"]').click();
    await page.locator('[data-test="chart-hint"]', { hasText: '没有可绘制的数据' }).waitFor();
    expect(await page.locator('[data-test="data-chart"]').isVisible()).toBe(false);
    expect(await page.locator('[data-test="data-total"]').textContent()).toBe('共 0 条');
  });

  it('shows the audit log and verifies its chain', async () => {
    await page.locator('[data-test="menu-/audit"]').click();
    await page.locator('[data-test="audit-table"] tbody tr').first().waitFor();
    expect(await page.locator('[data-test="audit-table"] [data-action="auth.password_change"]').first().textContent()).toBe('修改密码');
    expect(await page.locator('[data-test="audit-table"] [data-action="data.withdraw"]').first().textContent()).toBe('撤回数据');
    expect(await problemsOnScreen(page, { logins: ['admin'] })).toEqual([]);
    await page.locator('[data-test="audit-verify"]').click();
    await page.locator('[data-test="audit-verification"]').waitFor();
    expect(await page.locator('[data-test="audit-verification"]').getAttribute('class')).toContain('success');
    const file = await downloadOf(page, () => page.locator('[data-test="audit-export"]').click());
    expect(file.name).toMatch(/^审计日志_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('creates a user and shows the one-time password once', async () => {
    await page.locator('[data-test="menu-/admin/users"]').click();
    await page.locator('[data-test="user-create"]').click();
    await page.locator('[data-test="user-username"]').fill('keyan.officer');
    await page.locator('[data-test="user-display-name"]').fill('柯岩干部');
    await page.locator('[data-test="user-roles"]').click();
    await page.locator('.el-select-dropdown__item', { hasText: '镇街干部' }).click();
    await page.locator('[data-test="user-display-name"]').click(); // closes the role list
    await page.locator('[data-test="user-save"]').click();
    const otp = page.locator('[data-test="one-time-password"]');
    await otp.waitFor();
    expect(await otp.textContent()).toMatch(/^[A-Za-z0-9#%+=@]{16}$/);
    await page.locator('[data-test="one-time-close"]').click();
    await page.locator('[data-test="users-table"]').getByText('keyan.officer').waitFor();
  });

  it('switches the interface to English, and keeps the choice', async () => {
    await page.locator('[data-test="lang-switch"]').click();
    await page.locator('[data-test="side-menu"]').getByText('Data browser').waitFor();
    await page.goto(server.url + '/');
    await page.locator('[data-indicator="GDP"]').waitFor();
    expect(await page.locator('[data-indicator="GDP"]').textContent()).toContain('Gross domestic product');
    expect(await page.getByText('Key indicators').count()).toBe(1);
    await page.reload();
    await page.getByText('Key indicators').waitFor();
    expect(errors).toEqual([]);
  });

  it('measures the home page: JS (gzip) and time to the first cockpit render', async () => {
    const cost = await measureHome(browser, server.url, await context.storageState(), ensureWebBuilt());
    console.log(describeCost(cost));
    expect(cost.jsFiles.length).toBeGreaterThan(0);
    expect(cost.jsFiles.some((f) => /UsersView|ImportView|DataView|AuditView/.test(f))).toBe(false); // admin/data views stay lazy
    expect(Number.isFinite(cost.firstRenderMs)).toBe(true);
  });

  it('logs out from the user menu; protected pages go back to login', async () => {
    await page.locator('[data-test="user-menu"]').click();
    await page.locator('[data-test="menu-logout"]').click();
    await page.waitForURL(/\/login/);
    await page.goto(server.url + '/admin/users');
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/admin/users');
  });
});
