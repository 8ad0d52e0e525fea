/**
 * 考核评价 in Chromium: a district analyst edits a weight of the Keqiao towns scheme (the editor
 * checks the sum and validates live), saves it as version 2, runs it, and sees the ranking and the
 * scorecard of 柯桥街道 change against the demo run of version 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadAssessDemo } from '../../server/src/assess/demo.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const KEQIAO = '330603000000';
const KEQIAO_TOWN = '330603001000';
const PASSWORD = 'Analyst-Keqiao-2025';
const PERIOD = String(new Date().getUTCFullYear() - 1);

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await loadAssessDemo(server.db.store.db);
  await userWithPassword(server, 'analyst', ['analyst'], KEQIAO, PASSWORD, '区考核办分析员');
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** unit:final score, in ranking order */
const rankingRows = () =>
  page
    .locator('[data-test="ranking-table"] tbody tr')
    .evaluateAll((trs) =>
      trs.map(
        (tr) =>
          `${tr.querySelector('[data-unit]')?.getAttribute('data-unit')}:${tr.querySelector('[data-final]')?.getAttribute('data-final')}`,
      ),
    );

async function rankingOf(runId: number): Promise<string[]> {
  await page.goto(`${server.url}/assess/runs/${runId}`);
  await page.locator('[data-test="ranking-table"] [data-unit]').first().waitFor();
  return rankingRows();
}

async function scorecardOf(runId: number, unit: string): Promise<{ rank: string; final: string }> {
  await page.goto(`${server.url}/assess/runs/${runId}/units/${unit}`);
  await page.locator('[data-test="scorecard-rank"]').waitFor();
  await page.locator('[data-test="scorecard-radar"] canvas').waitFor();
  return {
    rank: (await page.locator('[data-test="scorecard-rank"]').textContent())!,
    final: (await page.locator('[data-test="scorecard-final"]').textContent())!,
  };
}

async function setWeight(testId: string, value: string) {
  const input = page.locator(`[data-test="${testId}"] input`);
  await input.fill(value);
  await input.press('Tab');
}

describe('district analyst: edit a weight, run, see the ranking and the scorecard change', () => {
  let baseRun: number;
  let before: string[];
  let cardBefore: { rank: string; final: string };

  it('lists the illustrative schemes and the demo runs', async () => {
    await uiLogin(page, server.url, 'analyst', PASSWORD, '/assess');
    await page.locator('[data-test="scheme-table"] [data-scheme="keqiao-towns-annual"]').waitFor();
    expect(await page.locator('[data-test="side-menu"]').textContent()).toContain('考核评价');
    expect(await page.locator('[data-test="illustrative-tag"]').count()).toBe(4);
    const runs = await page.evaluate(
      async () => (await (await fetch('/api/v1/assess/runs?scheme=keqiao-towns-annual', { credentials: 'include' })).json()).items,
    );
    baseRun = runs.find((r: { period: string; version: number }) => r.period === PERIOD && r.version === 1).id;
    before = await rankingOf(baseRun);
    expect(before).toHaveLength(16);
    expect(await page.locator('[data-test="synthetic-tag"]').count()).toBe(1);
    cardBefore = await scorecardOf(baseRun, KEQIAO_TOWN);
    expect(await page.locator('[data-test="scorecard-unit"]').textContent()).toBe('柯桥街道');
  });

  it('shows no code on the run page, its sensitivity methods and the scorecards of vetoed units', async () => {
    const screen = async () => problemsOnScreen(page, { logins: ['analyst', 'demo', 'test'] });
    await rankingOf(baseRun);
    expect(await screen()).toEqual([]);
    // the alternatives are offered by name (几何平均, TOPSIS 逼近理想解), not as gmean / topsis
    await page.locator('[data-test="sensitivity-alternatives"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '几何平均' }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'TOPSIS 逼近理想解' }).click();
    expect(await screen()).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('[data-test="sensitivity-run"]').click();
    await page.locator('[data-test="sensitivity-chart"]').waitFor();
    await page.locator('[data-test="sensitivity-chart"] canvas').waitFor({ state: 'attached' });
    expect(await screen()).toEqual([]);
    // veto rules by their names on the scorecard (never major_accident)
    const vetoed = await page.evaluate(
      async (id) =>
        (
          (await (await fetch(`/api/v1/assess/runs/${id}`, { credentials: 'include' })).json()).ranking as {
            unit: string;
            vetoes: string[];
          }[]
        )
          .filter((r) => r.vetoes.length)
          .map((r) => r.unit),
      baseRun,
    );
    for (const unit of vetoed.slice(0, 2)) {
      await scorecardOf(baseRun, unit);
      const problems = await screen();
      expect(problems).toEqual([]);
      expect(await page.locator('body').innerText()).not.toMatch(/major_accident|petition/);
    }
    expect(errors).toEqual([]);
  });

  it('edits a weight: the sum is checked at once, the server validates, version 2 is saved', async () => {
    await page.goto(`${server.url}/assess`);
    await page.locator('[data-test="edit-keqiao-towns-annual"]').click();
    await page.locator('[data-test="weight-ecology-water_sections"] input').waitFor();
    await page.locator('[data-test="scheme-status"][data-state="ok"]').waitFor();
    await setWeight('weight-ecology-water_sections', '0.1');
    await page.locator('[data-test="weight-sum"]').waitFor();
    expect(await page.locator('[data-test="weight-sum"]').textContent()).toContain('0.5');
    await page.locator('[data-test="scheme-status"][data-state="error"]').waitFor();
    expect(await page.locator('[data-test="scheme-status"]').textContent()).toContain('权重');
    expect(await page.locator('[data-test="scheme-save"]').isDisabled()).toBe(true);
    await setWeight('weight-ecology-waste_sorting', '0.9');
    await page.locator('[data-test="scheme-status"][data-state="ok"]').waitFor();
    expect(await page.locator('[data-test="weight-sum"]').count()).toBe(0);
    await page.locator('[data-test="scheme-note"]').fill('生态环境：垃圾分类权重 0.9');
    await page.locator('[data-test="scheme-save"]').click();
    await page.locator('[data-test="scheme-versions"]').getByText('v2', { exact: true }).waitFor();
  });

  it('runs version 2: the scores in the ranking and on the scorecard of 柯桥街道 change', async () => {
    await page.goto(`${server.url}/assess`);
    await page.locator('[data-test="run-period"]').fill(PERIOD);
    await page.locator('[data-test="run-submit"]').click();
    await page.waitForURL(/\/assess\/runs\/\d+$/);
    const runId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(runId).not.toBe(baseRun);
    await page.locator('[data-test="ranking-table"] [data-unit]').first().waitFor();
    expect(await page.locator('[data-test="run-view"]').textContent()).toContain('v2');
    const after = await rankingRows();
    expect(after).toHaveLength(16);
    // the same 16 units with other final scores (the synthetic indicators all follow one latent
    // quality per town, so a weight inside a dimension moves scores more than it reorders them)
    expect(after).not.toEqual(before);
    const units = (rows: string[]) => new Set(rows.map((r) => r.split(':')[0]));
    expect(units(after)).toEqual(units(before));
    await page.locator('[data-test="ranking-bar"] canvas').waitFor();

    await page.locator(`[data-test="unit-${KEQIAO_TOWN}"]`).click();
    await page.waitForURL(new RegExp(`/assess/runs/${runId}/units/${KEQIAO_TOWN}$`));
    await page.locator('[data-test="scorecard-rank"]').waitFor();
    const cardAfter = {
      rank: (await page.locator('[data-test="scorecard-rank"]').textContent())!,
      final: (await page.locator('[data-test="scorecard-final"]').textContent())!,
    };
    expect(cardAfter.final).not.toBe(cardBefore.final);
    expect(cardAfter.rank).toMatch(/\d/);
    await page.locator('[data-test="rank-history"] canvas').waitFor();
    expect(errors).toEqual([]);
  });
});

describe('未来乡村: the villages scored on the nine scenarios', () => {
  it('shows the run with the pioneer villages as a group, labelled illustrative and synthetic, without codes', async () => {
    const runs = await page.evaluate(
      async () => (await (await fetch('/api/v1/assess/runs?scheme=keqiao-future-villages', { credentials: 'include' })).json()).items,
    );
    await page.goto(`${server.url}/assess/runs/${runs[0].id}`);
    await page.locator('[data-test="ranking-table"] [data-unit]').first().waitFor();
    const text = (await page.locator('body').textContent())!;
    expect(text).toContain('未来乡村');
    expect(text).toContain('先行村');
    expect(await page.locator('[data-test="synthetic-tag"]').count()).toBe(1);
    expect(await page.locator('[data-test="illustrative-tag"]').count()).toBe(1);
    expect(await problemsOnScreen(page, { logins: ['analyst', 'demo', 'test'] })).toEqual([]);
    if (process.env.GONGFU_SCREENSHOTS) await page.screenshot({ path: `${process.env.GONGFU_SCREENSHOTS}/assess-future-villages.png` });
  });
});
