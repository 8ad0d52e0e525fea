/**
 * The authenticator app in Chromium, with GONGFU_ADMIN_2FA=required: an administrator is held on
 * the security page until the QR code is scanned and a code confirmed; afterwards the login asks
 * for a code, refuses a wrong one and lets the right one in; turning it off needs password and code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, hotp, stepAt } from '../../server/src/auth/totp';
import { launchBrowser, startServer, uiLogin, userWithPassword, type RunningServer } from './harness';
import { problemsOnScreen } from './screen-rules';

const PASSWORD = 'Keqiao-Gongfu-2026';
const SCREENSHOTS = process.env.GONGFU_SCREENSHOTS;

let server: RunningServer;
let browser: Browser;
let secret = '';

/** the code an authenticator app would show, `offset` steps of 30 s from now */
const codeAt = (offset: number) => hotp(base32Decode(secret), stepAt(Date.now() / 1000) + offset);

async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  return context.newPage();
}

beforeAll(async () => {
  server = await startServer({ demo: false, config: { secondFactorForAdmins: 'required' } });
  await userWithPassword(server, 'secadmin', ['admin'], null, PASSWORD, '安全管理员');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the authenticator app (second factor)', () => {
  it('holds an administrator on the security page until it is set up with the QR code', async () => {
    const page = await freshPage();
    await uiLogin(page, server.url, 'secadmin', PASSWORD);
    await page.waitForURL((u) => u.pathname === '/account/security');
    await page.locator('[data-test="totp-required"]').waitFor();
    await page.goto(server.url + '/admin/users');
    await page.waitForURL((u) => u.pathname === '/account/security' && u.searchParams.get('redirect') === '/admin/users');

    await page.locator('[data-test="totp-start"]').click();
    await page.locator('[data-test="totp-qr"] path').waitFor();
    expect((await page.locator('[data-test="totp-qr"] path').getAttribute('d'))!.length).toBeGreaterThan(1000);
    secret = (await page.locator('[data-test="totp-secret"]').getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await problemsOnScreen(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/totp-setup.png` });

    await page.locator('[data-test="totp-code"]').fill(codeAt(-1));
    await page.locator('[data-test="totp-confirm"]').click();
    await page.waitForURL((u) => u.pathname === '/admin/users');
    await page.locator('.el-menu').first().waitFor();
    await page.context().close();
  });

  it('then asks for the code at login, refuses a wrong one and accepts the right one', async () => {
    const page = await freshPage();
    await page.goto(server.url + '/login');
    await page.locator('[data-test="login-username"]').fill('secadmin');
    await page.locator('[data-test="login-password"]').fill(PASSWORD);
    await page.locator('[data-test="login-submit"]').click();
    await page.locator('[data-test="login-totp"]').waitFor();
    expect(await page.locator('[data-test="login-error"]').count()).toBe(0);

    const wrong = codeAt(0) === '000000' ? '111111' : '000000';
    await page.locator('[data-test="login-totp"]').fill(wrong);
    await page.locator('[data-test="login-submit"]').click();
    await page.locator('[data-test="login-error"]').waitFor();
    expect(page.url()).toContain('/login');

    await page.locator('[data-test="login-totp"]').fill(codeAt(0));
    await page.locator('[data-test="login-submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    expect(new URL(page.url()).pathname).not.toBe('/account/security');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/totp-login.png` });

    await page.goto(server.url + '/account/security');
    await page.locator('[data-test="totp-state"][data-enabled="true"]').waitFor();
    expect(await problemsOnScreen(page)).toEqual([]);
    await page.context().close();
  });
});
