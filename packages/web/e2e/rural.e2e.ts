/**
 * 乡村共富 in Chromium, on the district's real villages (the base demo, without the rural one): an analyst imports
 * a town's ledger workbook, identifies the weak villages (each with its reason), pairs a department
 * with one, and imports the low-income household register (masked preview); the household list
 * shows masked IDs and no reveal button to the analyst; a household-data officer (rural:pii)
 * reveals one household with a reason and exports the register watermarked; an administrator
 * finds both in the audit log. Every screen is checked for raw codes, English words and UTC times.
 */
import { idCheckDigit } from '../../engine/src/rural/mask.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { loadRuralDemo } from '../../server/src/rural/demo.js';
import { expectAudited } from '../../server/test/audit-helpers.js';
import { downloadOf, launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

process.env.GONGFU_PII_KEY ??= Buffer.alloc(32, 9).toString('base64');

const PASSWORD = 'Rural-Officer-2026';
const KQ = '330603000000';
const HUASHE = '330603003000';
const XINGHUA = '330603003004'; // 华舍 · 兴华社区
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

const idWithCheck = (base17: string) => base17 + idCheckDigit(base17);
const ID_1 = idWithCheck('33060319600101123');
const ID_2 = idWithCheck('33060319700202456');

// 兴华 2021: operating 40万 (rent 30 + service 10) — weak by the operating-income line; 温渎 110万 — not weak
const LEDGER = [
  '村社名称,年度,租赁收入(万元),服务收入(万元),投资收益(万元),补助收入(万元)',
  '兴华社区居委会,2021,30,10,,70',
  '兴华社区居委会,2020,20,,,10',
  '温渎社区居委会,2021,50,,60,',
  '温渎社区居委会,2020,80,,,',
].join('\n');
const HOUSEHOLDS = [
  '户编号,村社名称,户主姓名,身份证号,联系电话,家庭人口,年度,工资性收入,经营净收入,财产净收入,转移净收入,风险标识,帮扶措施',
  `HS-001,兴华社区居委会,张三明,${ID_1},13812345678,3,2020,30000,6000,0,9000,,技能培训`,
  `HS-001,兴华社区居委会,张三明,${ID_1},13812345678,3,2021,33000,6600,300,9600,,技能培训`,
  `HS-002,温渎社区居委会,李四,${ID_2},,2,2021,20000,0,0,6000,大病,医疗救助`,
].join('\n');

let server: RunningServer;
let browser: Browser;
let dir: string;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function login(username: string, viewport = { width: 1366, height: 900 }, locale: 'zh' | 'en' = 'zh'): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    acceptDownloads: true,
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  await context.addInitScript((l) => localStorage.setItem('gongfu.locale', l), locale);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, username, PASSWORD);
  return page;
}

/** The first sheet of a downloaded workbook. */
async function firstSheet(bytes: Buffer) {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return wb.worksheets[0]!;
}

async function look(page: Page, name: string) {
  expect(
    await problemsOnScreen(page, { logins: ['rural-analyst', 'rural-privacy', 'rural-admin', 'rural-huashe', 'rural-cadre'] }),
  ).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/rural-${name}.png`, fullPage: true });
}

beforeAll(async () => {
  server = await startServer();
  await server.db.store.db.execute(
    sql`insert into role (code, name_zh, name_en, permissions, data_scope, builtin)
        values ('rural_privacy', '低收入农户信息专员', 'Household data officer', array['rural:read','rural:pii'], 'region_and_below', false)`,
  );
  await userWithPassword(server, 'rural-analyst', ['analyst'], KQ, PASSWORD, '乡村分析员');
  await userWithPassword(server, 'rural-privacy', ['rural_privacy'], KQ, PASSWORD, '农户信息专员');
  await userWithPassword(server, 'rural-admin', ['admin'], null, PASSWORD, '系统管理员');
  await userWithPassword(server, 'rural-huashe', ['town_officer'], HUASHE, PASSWORD, '华舍街道干部');
  await userWithPassword(server, 'rural-cadre', ['town_officer'], XINGHUA, PASSWORD, '兴华社区干部');
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-rural-e2e-'));
  fs.writeFileSync(path.join(dir, '华舍街道村级台账.csv'), LEDGER);
  fs.writeFileSync(path.join(dir, '低收入农户名册.csv'), HOUSEHOLDS);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('乡村共富 in Chromium', () => {
  let analyst: Page;
  it('a town imports its ledgers; the weak villages appear with their reasons; a department is paired with one', async () => {
    const town = await login('rural-huashe');
    await town.goto(server.url + '/rural');
    await town.locator('[data-test="rural-year"] input').fill('2021');
    await town.locator('[data-test="rural-file"]').setInputFiles(path.join(dir, '华舍街道村级台账.csv'));
    await town.getByText('已导入 4 行').waitFor();
    await expectAudited(server.db.store.db, { action: 'rural.ledgers.import', actor: 'rural-huashe' });
    analyst = await login('rural-analyst');
    await analyst.goto(server.url + '/rural');
    await analyst.locator('[data-test="rural-year"] input').fill('2021');
    await analyst.locator('[data-test="rural-ranking"] tbody tr', { hasText: '兴华社区居委会' }).first().waitFor();
    await analyst.locator('[data-test="rural-compute-weak"]').click();
    const weak = analyst.locator('[data-test="rural-weak"]');
    await weak.locator('tbody tr').first().waitFor();
    const rowsText = await weak.locator('tbody').textContent();
    expect(rowsText).toContain('兴华社区居委会');
    expect(rowsText).not.toContain('温渎社区居委会');
    expect(await weak.locator('[data-test="rural-weak-reason"]').first().textContent()).toMatch(/经营性收入.*40/);
    await look(analyst, 'weak');

    await weak.locator('[data-test="rural-pair"]:visible').first().click();
    await analyst.locator('[data-test="rural-pair-partner"]').fill('区农业农村局');
    await analyst.locator('[data-test="rural-pair-save"]').click();
    await analyst.getByRole('tab', { name: '结对帮扶' }).click();
    await analyst.locator('[data-test="rural-pairings"] tbody tr', { hasText: '区农业农村局' }).waitFor();
    await expectAudited(server.db.store.db, { action: 'rural.pairing.create', actor: 'rural-analyst' });
    // the trend: 2020 and 2021, 经营性收入 20+80 → 40+110 万元 (+50.0%)
    await analyst.getByRole('tab', { name: '历年趋势' }).click();
    const trend = analyst.locator('[data-test="rural-trend"] tbody tr');
    await trend.nth(1).waitFor();
    expect(await trend.count()).toBe(2);
    expect(await trend.nth(1).textContent()).toContain('+50.0%');
  });

  it('writes the year’s indicators: the cockpit card shows the district’s operating income (兴华 40 + 温渎 110 万元)', async () => {
    await analyst.locator('[data-test="rural-indicators"]').click();
    await analyst.getByText('村级集体经济和低收入农户收入指标已写入指标库').waitFor();
    await analyst.goto(server.url + '/');
    const card = analyst.locator('[data-indicator="RURAL_COLLECTIVE_OPERATING_INCOME"]');
    await card.waitFor();
    expect(await card.locator('[data-test="value"]').textContent()).toMatch(/150/);
    await look(analyst, 'cockpit');
  });

  it('imports the household register with a masked preview; the list shows masked IDs and no reveal to the analyst', async () => {
    await analyst.goto(server.url + '/rural/households');
    await analyst.locator('[data-test="rural-hh-import"]').click();
    await analyst.locator('[data-test="rural-hh-upload"] input[type="file"]').setInputFiles(path.join(dir, '低收入农户名册.csv'));
    const preview = analyst.locator('[data-test="rural-hh-preview"]');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('2 户');
    const dialog = await analyst.locator('[data-test="rural-hh-import-dialog"]').textContent();
    expect(dialog).toContain('张*明');
    expect(dialog).not.toContain(ID_1);
    await look(analyst, 'household-import');
    await analyst.locator('[data-test="rural-hh-import-save"]').click();
    const table = analyst.locator('[data-test="rural-hh-table"]');
    await table.locator('tbody tr', { hasText: 'HS-001' }).waitFor();
    const text = (await table.textContent())!;
    expect(text).toContain(`330603********${ID_1.slice(-4)}`);
    for (const clear of [ID_1, ID_2, '张三明', '13812345678']) expect(text).not.toContain(clear);
    expect(await analyst.locator('[data-test="rural-reveal"]').count()).toBe(0);
    expect(await analyst.locator('[data-test="rural-hh-export"]').count()).toBe(0);
    await look(analyst, 'households-masked');
    // the analyst's export is the masked register, watermarked with their name
    const file = await downloadOf(analyst, () => analyst.locator('[data-test="rural-hh-export-masked"]').click());
    expect(file.name).toBe('柯桥区2021年低收入农户（已脱敏）.xlsx');
    const ws = await firstSheet(file.bytes);
    expect(String(ws.getCell('A1').value)).toContain('已脱敏 · 导出人：乡村分析员');
    const cells = JSON.stringify(ws.getSheetValues());
    expect(cells).toContain(`330603********${ID_1.slice(-4)}`);
    for (const clear of [ID_1, ID_2, '张三明', '13812345678']) expect(cells).not.toContain(clear);
  });

  it('the household-data officer reveals one household with a reason and exports the register watermarked', async () => {
    const officer = await login('rural-privacy');
    await officer.goto(server.url + '/rural/households');
    const row = officer.locator('[data-test="rural-hh-table"] tbody tr', { hasText: 'HS-001' });
    await row.locator('[data-test="rural-reveal"]:visible').click();
    await officer.locator('[data-test="rural-reveal-reason"]').fill('核对帮扶对象身份');
    await officer.locator('[data-test="rural-reveal-confirm"]').click();
    const revealed = officer.locator('[data-test="rural-revealed"]');
    await revealed.waitFor();
    expect(await revealed.textContent()).toContain(ID_1);
    await look(officer, 'revealed');
    await officer.keyboard.press('Escape');
    await revealed.waitFor({ state: 'detached' });

    await officer.locator('[data-test="rural-hh-export"]').click();
    await officer.locator('[data-test="rural-hh-export-reason"]').fill('年度帮扶台账核对');
    const file = await downloadOf(officer, () => officer.locator('[data-test="rural-hh-export-confirm"]').click());
    expect(file.name).toBe('柯桥区2021年低收入农户（含个人信息）.xlsx');
    const ws = await firstSheet(file.bytes);
    expect(String(ws.getCell('A1').value)).toContain('导出人：农户信息专员');
    expect(JSON.stringify(ws.getSheetValues())).toContain(ID_1);
  });

  it('未来乡村: pilots and candidates side by side per scenario; a village’s indicators with their source; evidence added to one', async () => {
    // the 未来乡村 scoring runs on the assessment engine's demo scheme (loaded after the cockpit step, whose cards it would add to)
    await loadAssessDemo(server.db.store.db);
    await analyst.goto(server.url + '/rural/future');
    const compare = analyst.locator('[data-test="rural-future-compare"]');
    await compare.locator('tbody tr').first().waitFor();
    expect(await compare.locator('tbody tr').count()).toBe(10); // nine scenarios and the composite score
    const head = (await compare.locator('thead').textContent())!;
    expect(head).toContain('先行村 平均');
    expect(head).toContain('其他村社 平均');
    expect(await analyst.locator('[data-test="rural-future-group"]').count()).toBe(2);
    expect(await analyst.locator('[data-test="rural-synthetic"]').count()).toBe(1);
    expect(await analyst.locator('[data-test="rural-future-illustrative"]').count()).toBe(1);
    const indicators = analyst.locator('[data-test="rural-future-indicators"]');
    await indicators.locator('tbody tr').first().waitFor();
    expect(await indicators.locator('tbody tr').count()).toBe(18);
    await look(analyst, 'future');
    const row = indicators.locator('tbody tr', { hasText: '家庭医生签约率' });
    await row.locator('[data-test="rural-future-source"]:visible').click();
    await analyst.locator('[data-test="provenance"]').getByText('合成', { exact: false }).first().waitFor();
    await analyst.keyboard.press('Escape');
    await row.locator('[data-test="rural-future-add"]:visible').click();
    await analyst.locator('[data-test="rural-future-evidence-title"]').fill('2021年家庭医生签约台账');
    await analyst.locator('[data-test="rural-future-evidence-link"]').fill('javascript:alert(1)');
    expect(await analyst.locator('[data-test="rural-future-evidence-save"]').isDisabled()).toBe(true);
    await analyst.locator('[data-test="rural-future-evidence-link"]').fill('https://example.org/family-doctor-2021.pdf');
    await analyst.locator('[data-test="rural-future-evidence-save"]').click();
    const link = row.locator('[data-test="rural-future-evidence"] a', { hasText: '2021年家庭医生签约台账' });
    await link.first().waitFor();
    expect(await link.first().getAttribute('href')).toBe('https://example.org/family-doctor-2021.pdf');
    expect(await link.first().getAttribute('rel')).toContain('noopener');
    await expectAudited(server.db.store.db, { action: 'rural.future.evidence', actor: 'rural-analyst' });
  });

  it('an administrator finds the reveal and the export in the audit log', async () => {
    const admin = await login('rural-admin');
    await admin.goto(server.url + '/audit');
    const table = admin.locator('[data-test="audit-table"]');
    await table.locator('tbody tr', { hasText: '查看低收入农户个人信息' }).first().waitFor();
    await table.locator('tbody tr', { hasText: '导出低收入农户（含个人信息）' }).first().waitFor();
    expect(await table.textContent()).toContain('农户信息专员');
    await look(admin, 'audit');
    expect(errors).toEqual([]);
  });

  it('the rural pages read right at 1366×768 and 1920×1080 in zh and en, and on a phone for a village cadre', async () => {
    const pages: [string, string][] = [
      ['/rural', '[data-test="rural-ranking"] tbody tr'],
      ['/rural/households', '[data-test="rural-hh-table"] tbody tr'],
      ['/rural/future', '[data-test="rural-future-indicators"] tbody tr'],
    ];
    const runs: { user: string; viewport: { width: number; height: number } }[] = [
      { user: 'rural-analyst', viewport: { width: 1366, height: 768 } },
      { user: 'rural-analyst', viewport: { width: 1920, height: 1080 } },
      { user: 'rural-cadre', viewport: { width: 390, height: 844 } },
    ];
    // the district's synthetic demo (341 村社, 300 households) on top, so every page is seen full and labelled synthetic
    // (the demo loads only into a district without 2021 ledgers: the two imported villages' are cleared first)
    await server.db.store.db.execute(sql`delete from rural_ledger`);
    await server.db.store.db.execute(sql`delete from rural_weak`);
    expect((await loadRuralDemo(server.db.store.db))[0]).toMatch(/synthetic/);
    for (const locale of ['zh', 'en'] as const)
      for (const r of runs) {
        const page = await login(r.user, r.viewport, locale);
        for (const [url, ready] of pages) {
          await page.goto(server.url + url);
          await page.locator(ready).first().waitFor();
          await page.waitForLoadState('networkidle');
          // the district's figures are the synthetic demo, labelled so (the cadre's households are the imported ones)
          if (r.user === 'rural-analyst') await page.locator('[data-test="rural-synthetic"]').first().waitFor();
          expect(
            await problemsOnScreen(page, { logins: ['rural-analyst', 'rural-cadre'] }),
            `${locale} ${r.viewport.width} ${url}`,
          ).toEqual([]);
          if (SCREENSHOTS)
            await page.screenshot({
              path: `${SCREENSHOTS}/rural-${locale}-${r.viewport.width}${url.replace(/\//g, '_')}.png`,
              fullPage: true,
            });
        }
        if (r.user === 'rural-cadre') {
          // the village cadre sees only their village
          await page.goto(server.url + '/rural');
          const rows = page.locator('[data-test="rural-ranking"] tbody tr');
          await rows.first().waitFor();
          expect(await rows.count()).toBe(1);
          expect(await rows.first().textContent()).toContain('兴华社区居委会');
        }
        await page.context().close();
      }
    expect(errors).toEqual([]);
  });
});
