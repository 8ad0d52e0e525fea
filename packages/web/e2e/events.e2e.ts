/**
 * 三级指挥协同 in Chromium: a 网格员 reports a 违法建筑 on the phone page (390×844); the town 指挥室
 * accepts, files and dispatches it to the routing table's department (区综合行政执法局); the
 * department starts and feeds back; the check fails and the town sends it back (返工); the
 * department feeds back again; the town passes the check and closes it. The events summary and,
 * after the year's indicators are published, the cockpit card 按期处置率 change; the public Open311
 * GET lists the case without the reporter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../server/src/auth/actor.js';
import { ensureEventUnitsUnscoped } from '../../server/src/events/demo.js';
import { publishIndicators } from '../../server/src/events/service.js';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Events-Loop-2026';
const KQ = '330603000000';
const HUASHE = '330603003000';
const VILLAGE = '330603003004'; // 兴华社区
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let phone: Page;
let room: Page;
let dept: Page;
let leader: Page;
let caseId: number;
const errors: string[] = [];

async function pageFor(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await uiLogin(page, server.url, username, PASSWORD);
  return page;
}

async function look(page: Page, name: string) {
  expect(await problemsOnScreen(page)).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/events-${name}.png`, fullPage: true });
}

/** Opens the case and takes an action (with a reason when given), waiting for the new state. */
async function act(page: Page, action: string, state: string, reason?: string) {
  await page.goto(`${server.url}/events/cases/${caseId}`);
  const button = page.locator(`[data-test="action-${action}"]`);
  await button.waitFor();
  const before = await page.locator('[data-test="event-case-timeline"] .el-timeline-item').count();
  await button.click();
  if (action === 'dispatch' || reason) {
    // these open a form first (the unit, defaulting to the routing table's suggestion; the reason)
    const form = page.locator('[data-test="event-action-form"]');
    await form.waitFor();
    if (reason) await form.locator('textarea').last().fill(reason);
    await page.locator('[data-test="event-action-confirm"]').click();
  }
  await expect
    .poll(async () => page.locator('[data-test="event-case-timeline"] .el-timeline-item').count(), { timeout: 15_000 })
    .toBeGreaterThan(before);
  const detail = await page.evaluate(
    async (id) => (await (await fetch(`/api/v1/events/cases/${id}`, { credentials: 'include' })).json()).case,
    caseId,
  );
  expect(detail.state).toBe(state);
}

const summaryNumbers = async (page: Page) => {
  await page.goto(`${server.url}/events`);
  const summary = page.locator('[data-test="events-summary"] .n');
  await summary.first().waitFor();
  return (await summary.allTextContents()).map((s) => Number(s.trim()));
};

beforeAll(async () => {
  server = await startServer();
  await ensureEventUnitsUnscoped(server.db.store.db);
  await userWithPassword(server, 'wangge', ['grid_worker'], VILLAGE, PASSWORD, '兴华网格员');
  await userWithPassword(server, 'huashe-room', ['event_dispatcher'], HUASHE, PASSWORD, '华舍指挥室');
  await userWithPassword(server, 'zhifa', ['event_handler'], KQ, PASSWORD, '综合执法局');
  await userWithPassword(server, 'huashe-leader', ['leader'], HUASHE, PASSWORD, '华舍街道领导');
  browser = await launchBrowser();
  phone = await pageFor('wangge', { width: 390, height: 844 });
  room = await pageFor('huashe-room', { width: 1366, height: 768 });
  dept = await pageFor('zhifa', { width: 1366, height: 768 });
  leader = await pageFor('huashe-leader', { width: 1366, height: 768 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('三级指挥协同 in Chromium', () => {
  let summaryBefore: number[];

  it('a 网格员 reports on the phone page', async () => {
    summaryBefore = await summaryNumbers(room);
    await phone.goto(`${server.url}/events/report`);
    await phone.locator('[data-test="events-report-form"]').waitFor();
    await phone.locator('[data-test="report-category"]').click();
    await phone.locator('.el-select-dropdown__item', { hasText: '违法建筑' }).first().click();
    await phone.locator('.el-select[data-test="region-picker"]').first().click();
    const popper = phone.locator('.el-popper.region-picker-popper');
    await popper.locator('[data-test="region-search"]').fill('兴华社区');
    await popper.locator('[data-test="region-search-results"] li', { hasText: '兴华社区' }).first().click();
    await phone
      .locator('[data-test="report-description"] textarea, textarea[data-test="report-description"]')
      .first()
      .fill('兴华社区东侧空地新建彩钢棚，疑似违法建筑');
    await phone.locator('[data-test="report-submit"]').click();
    const done = phone.locator('[data-test="events-report-done"]');
    await done.waitFor();
    caseId = Number(/#?(\d+)/.exec((await done.textContent()) ?? '')![1]);
    expect(caseId).toBeGreaterThan(0);
    // the page fits the phone: nothing wider than the screen
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await look(phone, 'report-phone');
  });

  it('the town dispatches to the department, which handles; the check fails (返工); it closes', async () => {
    await act(room, 'accept', 'accepted');
    await act(room, 'file', 'filed');
    await act(room, 'dispatch', 'dispatched');
    const dispatched = await room.evaluate(
      async (id) => (await (await fetch(`/api/v1/events/cases/${id}`, { credentials: 'include' })).json()).case,
      caseId,
    );
    expect(dispatched.unitCode).toBe('DEPT_ZHZF');
    await act(dept, 'start', 'handling');
    await act(dept, 'feedback', 'feedback');
    await act(room, 'rework', 'handling', '现场核查：彩钢棚未完全拆除，请返工');
    await act(dept, 'feedback', 'feedback');
    await act(room, 'check_pass', 'checked');
    await act(room, 'close', 'closed');
    const timeline = await room.locator('[data-test="event-case-timeline"]').textContent();
    expect(timeline).toContain('现场核查：彩钢棚未完全拆除');
    await look(room, 'case-closed');
  });

  it('the summary and, once published, the cockpit card change', async () => {
    const after = await summaryNumbers(room);
    // [open, overdue, warning, closed this month]
    expect(after[3]).toBe(summaryBefore[3] + 1);
    // the cockpit of the town (a leader's view): no event card until the year's indicators are published
    await leader.goto(server.url + '/');
    await leader.locator('[data-test="cockpit"] [data-test="cards"]').waitFor();
    await leader.locator('[data-test="cockpit-region"]').filter({ hasText: '华舍街道' }).waitFor();
    const card = leader.locator('[data-indicator="EV_ONTIME_HANDLE_RATE"]');
    expect(await card.count()).toBe(0);
    await publishIndicators(server.db.store.db, systemActor('test'), new Date().getFullYear(), KQ);
    await leader.reload();
    await card.waitFor();
    // one case, handled on time: 按期处置率 1/1
    expect(await card.locator('[data-test="value"]').textContent()).toMatch(/100/);
    await look(leader, 'cockpit');
  });

  it('a second report of the same 彩钢棚 is merged into a new case as a duplicate, on both timelines', async () => {
    const report = (key: string, description: string) =>
      phone.evaluate(
        async ({ key, description, region }) => {
          const me = await (await fetch('/api/v1/auth/me', { credentials: 'include' })).json();
          const res = await fetch('/api/v1/events/cases', {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify({
              idempotencyKey: key,
              categoryCode: 'BUILDING_ILLEGAL',
              regionCode: region,
              description,
              channel: 'grid',
            }),
          });
          return (await res.json()).case.id as number;
        },
        { key, description, region: VILLAGE },
      );
    const kept = await report('e2e-merge-kept', '兴华社区东侧空地又见彩钢棚');
    const duplicate = await report('e2e-merge-duplicate', '兴华社区东侧彩钢棚，重复反映');
    await room.goto(`${server.url}/events/cases/${duplicate}`);
    const form = room.locator('[data-test="event-merge-form"]');
    await form.waitFor();
    await room.locator('[data-test="event-merge-into"] input').fill(String(kept));
    await room.locator('[data-test="event-merge-reason"]').fill('同一地点同一问题');
    await room.locator('[data-test="event-merge"]').click();
    await room.locator('[data-test="event-case-merged"]').waitFor();
    expect(await room.locator('[data-test="event-case-timeline"]').textContent()).toContain('合并为重复件');
    // a merged case takes no further action: no buttons (not even 评价)
    expect(await room.locator('[data-test="event-case-actions"] button').count()).toBe(0);
    await look(room, 'case-merged');
    await room.locator('[data-test="event-case-merged"] a').click();
    await room.waitForURL((u) => u.pathname === `/events/cases/${kept}`);
    await expect
      .poll(async () => room.locator('[data-test="event-case-timeline"]').textContent(), { timeout: 10_000 })
      .toContain('并入重复件');
  });

  it('the public Open311 GET lists it, closed, without the reporter', async () => {
    const res = await fetch(`${server.url}/api/v1/open311/v2/requests.json?service_request_id=${caseId}`);
    expect(res.status).toBe(200);
    const [request] = await res.json();
    expect(request).toMatchObject({
      service_request_id: String(caseId),
      status: 'closed',
      service_code: 'BUILDING_ILLEGAL',
      agency_responsible: '区综合行政执法局',
    });
    const xml = await (await fetch(`${server.url}/api/v1/open311/v2/requests/${caseId}.xml`)).text();
    expect(xml).toContain(`<service_request_id>${caseId}</service_request_id><status>closed</status>`);
    expect(xml).not.toContain('兴华网格员');
    expect(errors).toEqual([]);
  });
});
