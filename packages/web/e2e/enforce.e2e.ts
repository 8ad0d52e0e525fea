/**
 * 大综合一体化执法 in Chromium, on the synthetic demo: an analyst (enforce:manage) searches the item
 * catalogue and sees the "一件事" scenarios, runs a 双随机 draw, verifies it from its stored inputs,
 * and opens the repeated-inspection alerts; a leader (read only) sees the draws but no draw form;
 * a 华舍 town officer sees only draws of their town. Every screen is checked for raw codes,
 * unresolved el-* tags, English words in the Chinese UI and UTC timestamps; the draw is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { one } from '../../server/src/db/store.js';
import { loadEnforceDemo } from '../../server/src/enforce/demo.js';
import { ensureEventUnitsUnscoped } from '../../server/src/events/demo.js';
import { itemsByCode, upsertItems } from '../../server/src/enforce/repository.js';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { expectAudited } from '../../server/test/audit-helpers.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Enforce-Analyst-2026';
const KQ = '330603000000';
const HUASHE = '330603003000';
const VILLAGE = '330603003004'; // 兴华社区 (华舍)
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function login(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, username, PASSWORD);
  return page;
}

/**
 * English words in the Chinese UI: a Latin word of three letters or more that is not data (item
 * codes such as SJ-JC-001, the "synthetic" label the demo carries by rule, seeds and nonces).
 */
async function englishOnScreen(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  // the layout's "API 文档" link and its language switch to English are meant so
  const allowed = new Set(['synthetic', 'api', 'english']);
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\w-])[A-Za-z]{3,}(?![\w-])/g)) if (!allowed.has(m[0].toLowerCase())) out.add(m[0]);
  return [...out].map((w) => `English word ${w}`);
}

async function look(page: Page, name: string) {
  expect([
    ...(await problemsOnScreen(page, { logins: ['enf-analyst', 'enf-leader', 'enf-huashe', 'enf-room', 'demo'] })),
    ...(await englishOnScreen(page)),
  ]).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/enforce-${name}.png`, fullPage: true });
}

beforeAll(async () => {
  server = await startServer();
  await loadMujunDemo(server.db.store.db, { enterprises: 200 });
  await loadEnforceDemo(server.db.store.db);
  await userWithPassword(server, 'enf-analyst', ['analyst'], KQ, PASSWORD, '执法分析员');
  await userWithPassword(server, 'enf-leader', ['leader'], KQ, PASSWORD, '区领导');
  await userWithPassword(server, 'enf-huashe', ['town_officer'], HUASHE, PASSWORD, '华舍执法员');
  await ensureEventUnitsUnscoped(server.db.store.db);
  await userWithPassword(server, 'enf-room', ['event_dispatcher'], HUASHE, PASSWORD, '华舍指挥室');
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('大综合一体化执法 in Chromium', () => {
  let page: Page;
  let enrolled = '';
  it('the catalogue: items searched by any field, labelled synthetic, and the 一件事 scenarios', async () => {
    page = await login('enf-analyst');
    await page.goto(server.url + '/enforce');
    const table = page.locator('[data-test="enforce-items-table"]');
    await table.locator('tbody tr').first().waitFor();
    expect(await page.locator('[data-test="enforce-items"]').textContent()).toContain('合成数据');
    await page.locator('[data-test="enforce-search"]').fill('危险废物');
    await page.locator('[data-test="enforce-search"]').press('Enter');
    await table.locator('tbody tr', { hasText: 'HB-JC-002' }).waitFor();
    expect(await table.locator('tbody tr:visible').count()).toBe(1);
    expect(await table.textContent()).toContain('检查');
    expect(await table.textContent()).toContain('高风险');
    await page.locator('[data-test="enforce-scenarios"] tbody tr').first().waitFor();
    expect(await page.locator('[data-test="enforce-scenarios"]').textContent()).toContain('一件事');
    await look(page, 'items');
  });

  it('an item’s 历史版本: each version with its changed fields, Shanghai time and who changed it', async () => {
    // a second version of HB-JC-002 written by the analyst (as an import would)
    const [item] = await itemsByCode(server.db.store.db, ['HB-JC-002']);
    const { synthetic: _s, ...was } = item!;
    await upsertItems(server.db.store.db, [{ ...was, riskLevel: 'medium' }], 'user:enf-analyst', true);
    const row = page.locator('[data-test="enforce-items-table"] tbody tr:visible', { hasText: 'HB-JC-002' });
    await row.locator('[data-test="enforce-item-versions"]:visible').click();
    const versions = page.locator('[data-test="enforce-versions"]');
    await versions.locator('tbody tr').nth(1).waitFor();
    const first = await versions.locator('tbody tr').first().textContent();
    expect(first).toContain('执法分析员');
    expect(first).toContain('风险等级');
    expect(first).toContain('中风险');
    expect(first).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(await versions.locator('tbody tr').nth(1).textContent()).toContain('系统');
    await look(page, 'versions');
    await page.keyboard.press('Escape');
    await versions.waitFor({ state: 'hidden' });
  });

  it('an object is enrolled in a scenario and listed; the enrolment is audited', async () => {
    const enrol = page.locator('[data-test="enforce-enrol"]');
    await enrol.locator('[data-test="enforce-enrol-scenario"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '一件事' }).first().click();
    await enrol.locator('[data-test="enforce-enrolled"]').waitFor();
    await enrol.locator('[data-test="enforce-enrol-object"]').click();
    // object options read "name · region"; the scenario list may still be closing
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: ' · ' }).first();
    const name = ((await option.textContent()) ?? '').split(' · ')[0]!.trim();
    await option.click();
    await enrol.locator('[data-test="enforce-enrol-submit"]').click();
    await enrol.locator('[data-test="enforce-enrolled"] tbody tr', { hasText: name }).waitFor();
    await look(page, 'enrol');
    await expectAudited(server.db.store.db, { action: 'enforce.scenario.enrol', actor: 'enf-analyst' });
    enrolled = name;
  });

  it('a plan for the enrolled object is offered its combined checklist, which fills the departments, lead and items', async () => {
    await page.goto(server.url + '/enforce/plans');
    const form = page.locator('[data-test="enforce-plan-form"]');
    await form.waitFor();
    expect(await page.locator('[data-test="enforce-plan-offered"]').count()).toBe(0);
    await form.locator('[data-test="enforce-plan-objects"]').click();
    await page.keyboard.type(enrolled);
    await page.locator('.el-select-dropdown__item:visible', { hasText: enrolled }).first().click();
    await page.keyboard.press('Escape');
    const offered = page.locator('[data-test="enforce-plan-offered"]');
    await offered.waitFor();
    // the object's checklist as the server gives it: each item once
    const checklist = await page.evaluate(async (name) => {
      const get = async (url: string) => (await fetch(url, { credentials: 'include' })).json();
      const found = await get(`/api/v1/enforce/objects?q=${encodeURIComponent(name)}&pageSize=1`);
      return get(`/api/v1/enforce/objects/${found.items[0].id}/checklist`);
    }, enrolled);
    expect(checklist.items.length).toBeGreaterThan(1);
    expect(await offered.locator('li').count()).toBe(checklist.checklist.length);
    expect(await offered.textContent()).toContain(checklist.scenarios[0].name);
    await look(page, 'plan-offered');
    await page.locator('[data-test="enforce-plan-use-checklist"]').click();
    const departments = [...new Set(checklist.items.map((i: { department: string }) => i.department))];
    await expect.poll(async () => form.locator('[data-test="enforce-plan-items"] .el-tag').count()).toBe(checklist.items.length);
    expect(await form.locator('[data-test="enforce-plan-departments"] .el-tag').count()).toBe(departments.length);
    expect(await form.locator('[data-test="enforce-plan-lead"]').textContent()).toContain(checklist.scenarios[0].leadDepartment);
    expect(
      await form.locator('input[data-test="enforce-plan-name"], [data-test="enforce-plan-name"] input').first().inputValue(),
    ).toContain(checklist.scenarios[0].name);
  });

  it('a 双随机 draw is run, shown with its seed and inspectors, verified from its stored inputs, and audited', async () => {
    await page.goto(server.url + '/enforce/draws');
    const form = page.locator('[data-test="enforce-draw-form"]');
    await form.waitFor();
    await page.locator('[data-test="enforce-draw-list"] tbody tr').first().waitFor();
    await look(page, 'draws');
    await page.locator('[data-test="enforce-draw-name"]').fill('浏览器测试抽查');
    await page.locator('[data-test="enforce-draw-nonce"]').fill('2026120601');
    await page.locator('[data-test="enforce-draw-departments"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^市场监管$/ }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^生态环境$/ }).click();
    await page.keyboard.press('Escape');
    await page.locator('[data-test="enforce-draw-run"]').click();
    const detail = page.locator('[data-test="enforce-draw-detail"]');
    await detail.locator('h3', { hasText: '浏览器测试抽查' }).waitFor();
    expect(await detail.textContent()).toContain('2026120601');
    const strata = detail.locator('.strata tbody tr');
    expect(await strata.first().textContent()).toContain('高风险');
    expect(await strata.first().textContent()).toContain('30%');
    expect(await detail.locator('.who').count()).toBeGreaterThan(1);
    await look(page, 'draw');
    await page.locator('[data-test="enforce-draw-verify"]').click();
    const check = page.locator('[data-test="enforce-draw-check"]');
    await check.waitFor();
    expect(await check.textContent()).toContain('复核一致');
    expect(await check.getAttribute('class')).toContain('success');
    await look(page, 'verify');
    await expectAudited(server.db.store.db, { action: 'enforce.draw', actor: 'enf-analyst' });
  });

  it('the repeated-inspection alerts: objects, windows in dates, departments', async () => {
    await page.goto(server.url + '/enforce/alerts');
    const table = page.locator('[data-test="enforce-alerts-table"]');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').first().textContent()).toMatch(/\d{4}-\d{2}-\d{2} — \d{4}-\d{2}-\d{2}/);
    await look(page, 'alerts');
  });

  it('a leader reads the draws without the draw form', async () => {
    const p = await login('enf-leader');
    await p.goto(server.url + '/enforce/draws');
    await p.locator('[data-test="enforce-draw-list"] tbody tr').first().waitFor();
    expect(await p.locator('[data-test="enforce-draw-form"]').count()).toBe(0);
    await look(p, 'leader');
  });

  it('移送执法 on the event case page: offered to the town’s dispatcher after 立案 only, it opens an enforcement case', async () => {
    const room = await login('enf-room');
    const id = await room.evaluate(async (region) => {
      const me = await (await fetch('/api/v1/auth/me', { credentials: 'include' })).json();
      const call = async (url: string, body: unknown) =>
        (
          await fetch(url, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify(body),
          })
        ).json();
      const made = await call('/api/v1/events/cases', {
        idempotencyKey: 'e2e-refer-enforcement',
        categoryCode: 'SANITATION_LITTER',
        regionCode: region,
        description: '企业门前违规堆放印染废料',
        channel: 'grid',
      });
      return made.case.id as number;
    }, VILLAGE);
    const actions = room.locator('[data-test="event-case-actions"]');
    const step = async (action: string) => {
      await room.goto(`${server.url}/events/cases/${id}`);
      await actions.locator(`[data-test="action-${action}"]`).click();
      await expect
        .poll(async () => (await room.locator('[data-test="event-case-timeline"]').textContent()) ?? '')
        .toContain(action === 'accept' ? '受理' : '立案');
    };
    // reported: no 移送执法 yet
    await room.goto(`${server.url}/events/cases/${id}`);
    await actions.locator('[data-test="action-accept"]').waitFor();
    expect(await room.locator('[data-test="event-refer-open"]').count()).toBe(0);
    await step('accept');
    await step('file');
    await room.locator('[data-test="event-refer-open"]').click();
    const form = room.locator('[data-test="event-refer-form"]');
    await form.locator('[data-test="event-refer-object"]').click();
    const object = room.locator('.event-refer-object-popper .el-select-dropdown__item', { hasText: ' · ' }).first();
    const objectName = ((await object.textContent()) ?? '').split(' · ')[0]!.trim();
    await object.click();
    await form.locator('[data-test="event-refer-item"]').click();
    await room.keyboard.type('违法');
    await room.locator('.event-refer-item-popper .el-select-dropdown__item', { hasText: '违法' }).first().click();
    await form
      .locator('textarea[data-test="event-refer-reason"], [data-test="event-refer-reason"] textarea')
      .first()
      .fill('堆放印染废料，移送综合执法');
    await look(room, 'refer-form');
    await form.locator('[data-test="event-refer-confirm"]').click();
    await room.locator('[data-test="event-referred"]').waitFor();
    expect(await room.locator('[data-test="event-refer-open"]').count()).toBe(0);
    expect(await room.locator('[data-test="event-case-timeline"]').textContent()).toContain('堆放印染废料，移送综合执法');
    const made = await one<{ id: number; stage: string; subject: string }>(
      server.db.store.db,
      sql`select c.id::int as id, c.stage, s.name as subject from enforce_case c join subject s on s.id = c.subject_id
          where c.source = ${`events:event_case:${id}`}`,
    );
    expect([made?.stage, made?.subject]).toEqual(['filed', objectName]);
    expect(await room.locator('[data-test="event-referred"]').textContent()).toContain(`#${made!.id}`);
    await look(room, 'referred');
    await expectAudited(server.db.store.db, { action: 'events.refer', actor: 'enf-room', target: `event_case:${id}` });
    // a reader without events:dispatch is shown no button, only the referral's link to the case
    const reader = await login('enf-leader');
    await reader.goto(`${server.url}/events/cases/${id}`);
    await reader.locator('[data-test="event-referred"] a').waitFor();
    expect(await reader.locator('[data-test="event-refer-open"]').count()).toBe(0);
  });

  it('a town officer of 华舍 does not see the county’s draws', async () => {
    const p = await login('enf-huashe');
    await p.goto(server.url + '/enforce/draws');
    await p.locator('[data-test="enforce-draw-list"]').waitFor();
    await p.locator('[data-test="enforce-draw-list"] .el-table__empty-block').waitFor();
    expect(await p.locator('[data-test="enforce-draw-list"]').textContent()).not.toContain('浏览器测试抽查');
    await look(p, 'town');
    expect(errors).toEqual([]);
  });
});
