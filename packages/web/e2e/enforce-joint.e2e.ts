/**
 * 综合查一次 end to end in Chromium, on the synthetic demo: an analyst builds a "一件事" scenario from
 * two departments' items; a 华舍 town officer plans a joint inspection from it and fills it on the
 * phone-width visit page (390 × 844): one combined checklist, 合格/不合格 with a note and a photo; the
 * failed item opens an enforcement case (立案), seen on the case page; a separate department's later
 * check of the same enterprise raises the repeated-inspection alert (the joint visit alone does not);
 * a 双随机 draw is run, re-run from its seed with the same result, and published (公开), audited.
 * Every screen is checked for raw codes, unresolved el-* tags, English words and UTC timestamps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { one } from '../../server/src/db/store.js';
import { loadEnforceDemo } from '../../server/src/enforce/demo.js';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { expectAudited } from '../../server/test/audit-helpers.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Enforce-Joint-2026';
const KQ = '330603000000';
const HUASHE = '330603003000';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;
// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
let enterprise: { id: number; name: string };

async function login(username: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const mobile = viewport.width < 500;
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, username, PASSWORD);
  return page;
}

/** English words in the Chinese UI, but data: the "synthetic" label the demo carries by rule and the layout's API link. */
async function englishOnScreen(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const allowed = new Set(['synthetic', 'api', 'english']);
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\w-])[A-Za-z]{3,}(?![\w-])/g)) if (!allowed.has(m[0].toLowerCase())) out.add(m[0]);
  return [...out].map((w) => `English word ${w}`);
}

async function look(page: Page, name: string) {
  expect([
    ...(await problemsOnScreen(page, { logins: ['joint-analyst', 'joint-huashe', 'demo'] })),
    ...(await englishOnScreen(page)),
  ]).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/enforce-${name}.png`, fullPage: true });
}

/** Picks options of an Element Plus select by their visible text (typing first when it filters). */
async function choose(page: Page, select: string, texts: (string | RegExp)[], type = false) {
  await page.locator(`[data-test="${select}"]`).click();
  for (const text of texts) {
    if (type && typeof text === 'string') await page.locator(`[data-test="${select}"] input`).first().fill(text.slice(0, 4));
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  }
  await page.keyboard.press('Escape');
  // a remote multiple select stays open on Escape: a click beside it closes it
  await page.locator('h2').first().click();
  // let the dropdown finish closing before the next control is used
  await page
    .locator('.el-select-dropdown:visible')
    .first()
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

async function fillDate(page: Page, test: string, date: string) {
  const input = page.locator(`[data-test="${test}"] input`).first();
  await input.fill(date);
  await input.press('Enter');
}

beforeAll(async () => {
  server = await startServer();
  const db = server.db.store.db;
  await loadMujunDemo(db, { enterprises: 200 });
  await loadEnforceDemo(db);
  await userWithPassword(server, 'joint-analyst', ['analyst'], KQ, PASSWORD, '执法分析员');
  await userWithPassword(server, 'joint-huashe', ['town_officer'], HUASHE, PASSWORD, '华舍执法员');
  // a 华舍 enterprise nobody inspected in the last 60 days, so that any alert on it is this test's
  enterprise = (await one<{ id: number; name: string }>(
    db,
    sql`select s.id::int as id, s.name from subject s
        where s.kind = 'enterprise' and s.region_code like '330603003%'
          and not exists (select 1 from enforce_inspection x where x.subject_id = s.id and x.inspected_on > current_date - 60)
        order by s.id limit 1`,
  ))!;
  expect(enterprise).toBeDefined();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('综合查一次 in Chromium', () => {
  let analyst: Page;
  let officer: Page;
  let visitUrl = '';

  it('an analyst builds a 一件事 scenario from two departments’ items', async () => {
    analyst = await login('joint-analyst');
    await analyst.goto(server.url + '/enforce');
    await analyst.locator('[data-test="enforce-scenario-build"]').click();
    await analyst.locator('[data-test="enforce-scenario-form"]').waitFor();
    await analyst.locator('[data-test="enforce-scenario-code"]').fill('E2E-JOINT');
    await analyst.locator('[data-test="enforce-scenario-name"]').fill('浏览器测试场馆一件事');
    await choose(analyst, 'enforce-scenario-items', ['特种设备使用登记与定期检验检查', '消防设施、器材完好有效检查'], true);
    // the lead defaults to the first department chosen
    expect(await analyst.locator('[data-test="enforce-scenario-lead"]').textContent()).toContain('市场监管');
    await analyst.locator('[data-test="enforce-scenario-save"]').click();
    const row = analyst.locator('[data-test="enforce-scenarios"] tbody tr', { hasText: '浏览器测试场馆一件事' });
    await row.waitFor();
    expect(await row.textContent()).toContain('市场监管 / 消防');
    expect(await row.textContent()).toContain('2 项，涉及 2 个部门');
    // the combined checklist opens under its row
    await row.locator('.el-table__expand-icon').click();
    const checklist = analyst.locator('[data-test="enforce-scenario-checklist"]');
    await checklist.waitFor();
    expect(await checklist.locator('li').allTextContents()).toEqual([
      expect.stringContaining('特种设备使用登记与定期检验检查'),
      expect.stringContaining('消防设施、器材完好有效检查'),
    ]);
    await look(analyst, 'scenario');
    await expectAudited(server.db.store.db, {
      action: 'enforce.scenario.save',
      actor: 'joint-analyst',
      target: 'enforce_scenario:E2E-JOINT',
    });
  });

  it('a town officer plans a joint inspection from the scenario', async () => {
    officer = await login('joint-huashe');
    await officer.goto(server.url + '/enforce/plans');
    await officer.locator('[data-test="enforce-plan-form"]').waitFor();
    await choose(officer, 'enforce-plan-scenario', ['浏览器测试场馆一件事']);
    expect(await officer.locator('[data-test="enforce-plan-name"]').inputValue()).toBe('浏览器测试场馆一件事');
    await fillDate(officer, 'enforce-plan-date', today);
    await choose(officer, 'enforce-plan-objects', [enterprise.name], true);
    await look(officer, 'plan-form');
    await officer.locator('[data-test="enforce-plan-save"]').click();
    await officer.waitForURL(/\/enforce\/plans\/\d+$/);
    visitUrl = officer.url();
    await expectAudited(server.db.store.db, { action: 'enforce.plan.create', actor: 'joint-huashe' });
    await officer.goto(server.url + '/enforce/plans');
    await officer.locator('[data-test="enforce-plan-list"] tbody tr', { hasText: '浏览器测试场馆一件事' }).waitFor();
    await look(officer, 'plans');
  });

  it('the visit is filled on a phone: one checklist, a failed item with note and photo opens a case', async () => {
    const phone = await login('joint-huashe', { width: 390, height: 844 });
    await phone.goto(visitUrl);
    const form = phone.locator('[data-test="enforce-visit-form"]');
    await form.waitFor();
    // one combined checklist of both departments' items
    expect(await form.locator('.item').count()).toBe(2);
    const lift = phone.locator('[data-test="enforce-visit-item-SJ-JC-002"]');
    const fire = phone.locator('[data-test="enforce-visit-item-XF-JC-002"]');
    await lift.locator('[data-test="pass"]').click();
    await fire.locator('[data-test="fail"]').click();
    await fire.locator('textarea[data-test="note"], [data-test="note"] textarea').first().fill('灭火器压力不足，已过有效期');
    await fire.locator('[data-test="photo"]').setInputFiles({ name: '灭火器.png', mimeType: 'image/png', buffer: PNG });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await look(phone, 'visit-mobile');
    await phone.locator('[data-test="enforce-visit-submit"]').click();
    await phone.locator('[data-test="enforce-visit-done"]').waitFor();
    expect(await phone.locator('[data-test="enforce-visit-done"]').textContent()).toContain('2 项中 1 项不合格');
    const followed = phone.locator('[data-test="enforce-follow-XF-JC-002"]');
    await followed.locator('img.thumb').waitFor();
    expect(await followed.locator('img.thumb').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await expectAudited(server.db.store.db, { action: 'enforce.inspection.file', actor: 'joint-huashe' });
    // the passed item has no follow-up; the failed one opens an enforcement case
    expect(await phone.locator('[data-test="enforce-follow-SJ-JC-002"] [data-test="open-case"]').count()).toBe(0);
    await followed.locator('[data-test="open-case"]').click();
    await followed.locator('[data-test="case"]').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await look(phone, 'visit-mobile-done');
    await followed.locator('[data-test="case"] button').click();
    await phone.waitForURL(/\/enforce\/cases\/\d+$/);
    const facts = phone.locator('[data-test="enforce-case-facts"]');
    await facts.waitFor();
    expect(await facts.textContent()).toContain(enterprise.name);
    expect(await facts.textContent()).toContain('立案');
    expect(await facts.textContent()).toContain('检查记录');
    await look(phone, 'case-mobile');
    await expectAudited(server.db.store.db, { action: 'enforce.case.open', actor: 'joint-huashe' });
    // the case on a desktop, with its statistics on the cases page
    await officer.goto(phone.url());
    await officer.locator('[data-test="enforce-case-facts"]').waitFor();
    await look(officer, 'case');
    await officer.goto(server.url + '/enforce/cases');
    await officer.locator('[data-test="enforce-stats"] .el-tabs__item', { hasText: '按事项' }).click();
    await officer.locator('[data-test="enforce-stats-items"] tbody tr', { hasText: '消防设施、器材完好有效检查' }).waitFor();
    await look(officer, 'cases');
  });

  it('a separate department’s later check of the same enterprise raises the repeated-inspection alert', async () => {
    await officer.goto(server.url + '/enforce/alerts');
    const table = officer.locator('[data-test="enforce-alerts-table"]');
    await officer.locator('[data-test="enforce-record-form"]').waitFor();
    await officer.waitForLoadState('networkidle');
    // the joint visit alone raises none
    expect(await table.locator('tbody tr', { hasText: enterprise.name }).count()).toBe(0);
    await choose(officer, 'enforce-record-object', [enterprise.name], true);
    await choose(officer, 'enforce-record-department', [/^生态环境$/]);
    await fillDate(officer, 'enforce-record-date', today);
    await officer.locator('[data-test="enforce-record-save"]').click();
    const alert = table.locator('tbody tr', { hasText: enterprise.name });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('生态环境');
    expect(await alert.textContent()).toContain(`${today} — ${today}`);
    await officer.locator('[data-test="enforce-burden-table"] tbody tr', { hasText: enterprise.name }).waitFor();
    await look(officer, 'alerts-burden');
  });

  it('a 双随机 draw is run, re-run from its seed with the same result, and published', async () => {
    await analyst.goto(server.url + '/enforce/draws');
    await analyst.locator('[data-test="enforce-draw-form"]').waitFor();
    await analyst.locator('[data-test="enforce-draw-name"]').fill('浏览器测试公开抽查');
    await analyst.locator('[data-test="enforce-draw-nonce"]').fill('2026120702');
    await choose(analyst, 'enforce-draw-departments', [/^市场监管$/, /^消防$/]);
    await analyst.locator('[data-test="enforce-draw-run"]').click();
    const detail = analyst.locator('[data-test="enforce-draw-detail"]');
    await detail.locator('h3', { hasText: '浏览器测试公开抽查' }).waitFor();
    expect(await analyst.locator('[data-test="enforce-draw-published"]').textContent()).toBe('未公开');
    await analyst.locator('[data-test="enforce-draw-verify"]').click();
    const check = analyst.locator('[data-test="enforce-draw-check"]');
    await check.waitFor();
    expect(await check.textContent()).toContain('复核一致');
    await analyst.locator('[data-test="enforce-draw-publish"]').click();
    await analyst.locator('[data-test="enforce-draw-published"]', { hasText: '公开' }).filter({ hasNotText: '未公开' }).waitFor();
    expect(await analyst.locator('[data-test="enforce-draw-published"]').textContent()).toMatch(
      /^已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 公开$/,
    );
    expect(await analyst.locator('[data-test="enforce-draw-publish"]').count()).toBe(0);
    await analyst
      .locator('[data-test="enforce-draw-list"] tbody tr', { hasText: '浏览器测试公开抽查' })
      .filter({ hasNotText: '未公开' })
      .waitFor();
    await look(analyst, 'draw-published');
    await expectAudited(server.db.store.db, { action: 'enforce.draw', actor: 'joint-analyst' });
    await expectAudited(server.db.store.db, { action: 'enforce.draw.publish', actor: 'joint-analyst' });
    expect(errors).toEqual([]);
  });
});
