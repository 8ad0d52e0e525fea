/**
 * The centre's pages of 三级指挥协同 in Chromium: the 12345 import (a bad file shows each problem by
 * row and column and writes nothing; a good file is previewed, then imported, and importing it again
 * finds nothing new), the routing table (a rule added for 华舍 as 属地, then edited to a unit) and a
 * category's handling deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { one, rows } from '../../server/src/db/store.js';
import { ensureEventUnitsUnscoped } from '../../server/src/events/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Events-Centre-2026';
const KQ = '330603000000';
const HUASHE = '330603003000';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const HEADER = '工单编号,来电时间,诉求内容,地址,所属镇街,所属村社,诉求分类,来电人,联系电话';
const csv = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'), 'utf8');

async function look(name: string) {
  expect(await problemsOnScreen(page)).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/events-admin-${name}.png`, fullPage: true });
}

async function upload(name: string, bytes: Buffer) {
  const input = page.locator('[data-test="events-hotline-upload"] input[type="file"]');
  // another file replaces the one checked before
  await input.setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
}

const pickOption = async (text: string) => page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();

beforeAll(async () => {
  server = await startServer();
  await ensureEventUnitsUnscoped(server.db.store.db);
  await userWithPassword(server, 'centre-admin', ['admin'], KQ, PASSWORD, '区社会治理中心');
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, 'centre-admin', PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the centre’s event pages in Chromium', () => {
  it('12345 import: problems by row and column, nothing written; then preview, import, and a re-import finds nothing new', async () => {
    const db = server.db.store.db;
    await page.goto(`${server.url}/events`);
    await page.locator('[data-test="events-hotline"]').click();
    await page.locator('[data-test="events-hotline-page"]').waitFor();

    await upload(
      'bad.csv',
      csv(['GD-9001,2026-13-01 08:00,路灯不亮,,华舍街道,,投诉举报,,', 'GD-9002,2026-11-20 08:00,噪音扰民,,不存在镇,,投诉举报,,']),
    );
    await page.locator('[data-test="events-hotline-problems"]').waitFor();
    const cells = await page.locator('.el-table__body tr').evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td')]
          .slice(1, 3)
          .map((td) => td.textContent!.trim())
          .join(''),
      ),
    );
    expect(cells).toEqual(['2B', '3E']);
    await look('hotline-problems');
    expect((await one<{ n: number }>(db, sql`select count(*)::int as n from event_case where channel = 'hotline'`))!.n).toBe(0);

    const good = csv([
      'GD202612010001,2026-12-01 09:15,华舍街道兴华社区路灯不亮,兴华路,华舍街道,兴华社区,投诉举报,张先生,13800000000',
      'GD202612010002,2026-12-01 10:30,咨询居住证办理,,华舍街道,,咨询求助,李女士,',
    ]);
    await upload('12345-1201.csv', good);
    const preview = page.locator('[data-test="events-hotline-preview"]');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('2');
    expect((await one<{ n: number }>(db, sql`select count(*)::int as n from event_case where channel = 'hotline'`))!.n).toBe(0);
    await look('hotline-preview');
    await page.locator('[data-test="events-hotline-commit"]').click();
    await page.locator('[data-test="events-hotline-done"]').waitFor();
    const made = await rows<{ key: string }>(db, sql`select idempotency_key as key from event_case where channel = 'hotline' order by key`);
    expect(made.map((r) => r.key)).toEqual(['12345:GD202612010001', '12345:GD202612010002']);

    await upload('12345-1201-again.csv', good);
    await preview.waitFor();
    await expect.poll(async () => page.locator('[data-test="events-hotline-commit"]').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('routing: adds a 属地 rule for 华舍, then edits it to a unit; the table and the database follow', async () => {
    const db = server.db.store.db;
    const rule = () =>
      one<{ unit: string | null; locality: string | null }>(
        db,
        sql`select unit_code as unit, locality from event_routing where category_code = 'SAFETY_FIRE' and region_code = ${HUASHE}`,
      );
    await page.goto(`${server.url}/events`);
    await page.locator('[data-test="events-routing"]').click();
    await page.locator('[data-test="events-routing-page"]').waitFor();
    await page.locator('[data-test="routing-add"]').click();
    const dialog = page.locator('[data-test="routing-dialog"]');
    await dialog.waitFor();
    await dialog.locator('[data-test="routing-category"]').click();
    await pickOption('消防安全隐患');
    await dialog.locator('.el-select[data-test="region-picker"]').first().click();
    const popper = page.locator('.el-popper.region-picker-popper');
    await popper.locator('[data-test="region-search"]').fill('华舍街道');
    await popper.locator('[data-test="region-search-results"] li', { hasText: '华舍街道' }).first().click();
    await dialog.locator('[data-test="routing-kind"]').click();
    await pickOption('属地镇街');
    await page.locator('[data-test="routing-save"]').click();
    await expect.poll(rule, { timeout: 15_000 }).toEqual({ unit: null, locality: 'town' });
    const row = page.locator('[data-test="routing-table"] .el-table__body tr', { hasText: '华舍街道' }).filter({ hasText: '消防安全隐患' });
    await expect.poll(async () => row.locator('[data-test="routing-target"]').textContent()).toBe('属地镇街');
    await look('routing');

    await row.locator('[data-test="routing-edit"]:visible').click();
    await dialog.waitFor();
    await dialog.locator('[data-test="routing-kind"]').click();
    await pickOption('指定单位');
    await dialog.locator('[data-test="routing-unit"]').click();
    await pickOption('区消防救援大队');
    await page.locator('[data-test="routing-save"]').click();
    await expect.poll(rule, { timeout: 15_000 }).toEqual({ unit: 'DEPT_XF', locality: null });
    await expect.poll(async () => row.locator('[data-test="routing-target"]').textContent()).toBe('区消防救援大队');
    const audited = await rows<{ action: string }>(db, sql`select action from audit_log where action = 'events.routing.set'`);
    expect(audited).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('categories: changes the handling deadline of 消防安全隐患 to 6 working hours; the table and the database follow', async () => {
    const db = server.db.store.db;
    await page.goto(`${server.url}/events/routing`);
    await page.locator('[data-test="events-routing-page"]').waitFor();
    await page.locator('.el-tabs__item', { hasText: '类别与时限' }).click();
    const row = page.locator('[data-test="category-table"] .el-table__body tr', { hasText: '消防安全隐患' });
    await row.locator('[data-test="category-edit"]:visible').click();
    const dialog = page.locator('[data-test="category-dialog"]');
    await dialog.waitFor();
    await dialog.locator('[data-test="category-handle-limit"] input').fill('6');
    await dialog.locator('[data-test="category-handle-unit"]').click();
    await pickOption('工作时');
    await page.locator('[data-test="category-save"]').click();
    await expect
      .poll(async () => one(db, sql`select handle_limit as "limit", handle_unit as unit from event_category where code = 'SAFETY_FIRE'`), {
        timeout: 15_000,
      })
      .toEqual({ limit: 6, unit: 'work_hours' });
    await expect.poll(async () => row.locator('[data-test="category-handle"]').textContent()).toBe('6 工作时');
    await look('categories');
    expect(errors).toEqual([]);
  });
});
