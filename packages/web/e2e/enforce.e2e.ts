/**
 * 大综合一体化执法 in Chromium, on the synthetic demo: an analyst (enforce:manage) searches the item
 * catalogue and sees the "一件事" scenarios, runs a 双随机 draw, verifies it from its stored inputs,
 * and opens the repeated-inspection alerts; a leader (read only) sees the draws but no draw form;
 * a 华舍 town officer sees only draws of their town. Every screen is checked for raw codes,
 * unresolved el-* tags, English words in the Chinese UI and UTC timestamps; the draw is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadEnforceDemo } from '../../server/src/enforce/demo.js';
import { itemsByCode, upsertItems } from '../../server/src/enforce/repository.js';
import { loadMujunDemo } from '../../server/src/mujun/demo.js';
import { expectAudited } from '../../server/test/audit-helpers.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Enforce-Analyst-2026';
const KQ = '330603000000';
const HUASHE = '330603003000';
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
    ...(await problemsOnScreen(page, { logins: ['enf-analyst', 'enf-leader', 'enf-huashe', 'demo'] })),
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
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('大综合一体化执法 in Chromium', () => {
  let page: Page;
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
