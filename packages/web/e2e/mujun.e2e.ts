/**
 * 亩均效益 in Chromium: with the synthetic demo loaded through the real importers (roster, land, the
 * four bureaus' files), an analyst sees the reconciliation before scoring, runs an evaluation from
 * the form, sees the class chart by 镇街 and the results, and downloads the grid company's list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { one as oneRow } from '../../server/src/db/store.js';
import { readXlsx } from '../../server/test/fixtures';
import { downloadOf, launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Mujun-Analyst-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadMujunDemo(server.db.store.db, { enterprises: 400, today: new Date('2026-11-26T00:00:00Z') });
  await userWithPassword(server, 'jingxin', ['analyst'], '330603000000', PASSWORD);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'jingxin', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const one = async <T>(query: ReturnType<typeof sql>) => (await oneRow<T>(server.db.store.db, query))!;

async function look(name: string) {
  expect(await problemsOnScreen(page)).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/mujun-${name}.png`, fullPage: true });
}

describe('亩均效益 in Chromium', () => {
  it('shows the reconciliation of 2025 before scoring: land whose holder is not in the roster', async () => {
    await page.goto(server.url + '/mujun');
    const summary = page.locator('[data-test="mujun-reconcile-summary"]');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('400');
    expect(await page.locator('[data-test="mujun-checks"]').textContent()).toMatch(/用地|名册/);
    await look('home');
  });

  it('runs an evaluation from the form and opens its class chart and results', async () => {
    await page.locator('[data-test="mujun-run"]').click();
    await page.waitForURL(/\/mujun\/runs\/\d+$/);
    const table = page.locator('[data-test="mujun-result-table"] tbody tr');
    await table.first().waitFor();
    expect(await table.count()).toBeGreaterThan(10);
    expect(await page.locator('[data-test="mujun-run-view"]').textContent()).toMatch(/华舍街道|柯桥街道|马鞍街道/);
    await look('run');
    // the chart is drawn at the width of its panel (not 0 while the page was still laying out)
    await page.locator('[data-test="mujun-chart"] canvas').first().waitFor();
  });

  it('downloads the grid company’s list with its columns', async () => {
    await page.locator('[data-test="mujun-run-view"] .el-dropdown .el-button').first().click();
    const file = await downloadOf(page, () => page.locator('[data-test="mujun-list-grid"]').click());
    expect(file.name).toMatch(/供电公司/);
    const sheet = Object.values(await readXlsx(file.bytes))[0];
    expect(sheet[0]).toEqual([
      '统一社会信用代码',
      '企业名称',
      '所属镇街',
      '规模',
      '评价类别',
      '连续年数',
      '差别化电价加价（元/千瓦时）',
      '执行依据',
    ]);
    expect(sheet.length).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });

  it('publishes for comment; an enterprise logs in, sees only its own result explained, and appeals with evidence', async () => {
    await page.locator('[data-test="mujun-publish"]').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await page.locator('[data-test="mujun-run-status"][data-status="published"]').waitFor();
    await page.locator('[data-test="mujun-run-window"]').waitFor();
    const runId = Number(new URL(page.url()).pathname.split('/').pop());
    const firm = await one<{ code: string; name: string; class: string }>(
      sql`select s.code, s.name, x.class from mujun_result x join subject s on s.id = x.subject_id
          where x.run_id = ${runId} and x.class = 'C' and cardinality(x.vetoes) = 0 order by x.rank limit 1`,
    );
    await userWithPassword(server, 'qiye', ['enterprise'], null, PASSWORD, '企业联络员', firm.code);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    phone.on('pageerror', (e) => errors.push(e.message));
    await uiLogin(phone, server.url, 'qiye', PASSWORD);
    await phone.waitForURL(/\/mujun\/mine$/);
    await phone.locator('[data-test="mujun-mine-name"]').waitFor();
    expect(await phone.locator('[data-test="mujun-mine-name"]').textContent()).toBe(firm.name);
    expect(await phone.locator('[data-test="mujun-mine-class"]').first().getAttribute('data-class')).toBe('C');
    expect(await phone.locator('[data-test="mujun-mine-next"]').textContent()).toMatch(/B 类分数线为 80 分/);
    expect(await phone.locator('[data-test="mujun-mine-items"] tbody tr').count()).toBeGreaterThan(0);
    // an enterprise account has one page: no officer menu, and the officers' pages are refused
    expect(await phone.locator('.el-menu-item').count()).toBeLessThanOrEqual(2);
    // on a phone the menu is a drawer behind a button, not a 200 px column beside the page
    const menuRight = async () => {
      const box = (await phone.locator('[data-test="side-menu"]').boundingBox())!;
      return box.x + box.width;
    };
    expect(await menuRight()).toBeLessThanOrEqual(0);
    await phone.locator('[data-test="menu-toggle"]').click();
    await expect.poll(menuRight).toBeGreaterThan(100);
    await phone.locator('[data-test="menu-backdrop"]').click({ position: { x: 350, y: 400 } });
    await expect.poll(menuRight).toBeLessThanOrEqual(0);
    await phone.goto(server.url + `/mujun/runs/${runId}`);
    await phone.waitForURL(/\/403/);
    await phone.goto(server.url + '/mujun/mine');
    await phone.locator('[data-test="mujun-mine-items"] tbody tr').first().waitFor();
    if (SCREENSHOTS) await phone.screenshot({ path: `${SCREENSHOTS}/mujun-mine-phone.png`, fullPage: true });

    await phone.locator('[data-test="mujun-mine-appeal"]').click();
    await phone
      .locator('[data-test="mujun-appeal-reason"] textarea, textarea[data-test="mujun-appeal-reason"]')
      .first()
      .fill('税务数据漏计第四季度补缴税款，附完税证明');
    await phone.locator('[data-test="mujun-appeal-files"] input[type=file]').setInputFiles({
      name: '完税证明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n'),
    });
    await phone.locator('[data-test="mujun-appeal-submit"]').click();
    await phone.locator('[data-test="mujun-appeals"] [data-status="pending"]').waitFor();
    expect(await phone.locator('[data-test="mujun-appeals"]').textContent()).toContain('完税证明.pdf');
    expect(await problemsOnScreen(phone)).toEqual([]);

    // the officer sees it on the run, and answers
    await page.reload();
    await page.locator('[data-test="mujun-pending-appeals"]').waitFor();
    await page.locator('[data-test="mujun-appeal-accept"]').click();
    await page.locator('.el-message-box input').fill('经核实属实，已请税务局重新报送');
    await page.locator('.el-message-box .el-button--primary').click();
    await page.locator('[data-test="mujun-appeals-panel"] [data-status="accepted"]').waitFor();
    await look('appeals');
    await phone.reload();
    await phone.locator('[data-test="mujun-appeals"] [data-status="accepted"]').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
