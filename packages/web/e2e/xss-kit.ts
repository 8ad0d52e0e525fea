/**
 * What the XSS browser tests share (issue 20): the payloads, a page that records every dialog, CSP
 * violation and page error from its first script on, writes through the real API from inside the
 * page (with the session's CSRF token), what an injected payload would leave behind, and the text of
 * the ECharts tooltips shown while the mouse moves over a chart.
 */
import { expect } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';

/** every payload marks itself with data-xss, so an element that slipped through is found */
export const IMG = '<img src=x data-xss=img onerror=alert(1)>';
export const SCRIPT = '</script><script data-xss=script>window.__xss=1</script>';
export const SVG = '"><svg data-xss=svg onload=alert(2)>';

export interface WatchedPage {
  page: Page;
  dialogs: string[];
  cspConsole: string[];
  errors: string[];
}

/** A page whose dialogs, CSP reports (event and console) and uncaught errors are recorded. */
export async function watchedPage(browser: Browser, viewport = { width: 1366, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  const page = await context.newPage();
  const watched: WatchedPage = { page, dialogs: [], cspConsole: [], errors: [] };
  page.on('dialog', async (d) => {
    watched.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) watched.cspConsole.push(m.text());
  });
  page.on('pageerror', (e) => watched.errors.push(e.message));
  return watched;
}

/** A JSON request from inside the page, with the session's CSRF token. */
export async function api(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; text: string; json: unknown }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch('/api/v1/auth/me', { credentials: 'include' })).json();
      const res = await fetch(url, {
        method,
        credentials: 'include',
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, text, json };
    },
    { method, url, body },
  );
}

type Json = Record<string, unknown>;

/** An API request that must succeed; its JSON. */
export async function ok(page: Page, method: string, url: string, body?: unknown): Promise<Json> {
  const res = await api(page, method, url, body);
  expect(res.status, `${method} ${url}: ${res.text.slice(0, 500)}`).toBeLessThan(300);
  return res.json as Json;
}

/** Renames a subject through PUT /subjects, keeping its region and merging attributes. */
export async function renameSubject(page: Page, kind: string, code: string, name: string, attributes: Json = {}) {
  const found = (await ok(page, 'GET', `/api/v1/subjects?kind=${kind}&q=${encodeURIComponent(code)}`)).items as Json[];
  const s = found.find((x) => x.code === code)!;
  expect(s, `${kind} ${code}`).toBeTruthy();
  await ok(page, 'PUT', `/api/v1/subjects/${kind}/${encodeURIComponent(code)}`, {
    name,
    regionCode: s.regionCode,
    attributes: { ...(s.attributes as Json), ...attributes },
    source: s.source,
  });
}

/** A multipart upload (field "file") from inside the page. */
export async function upload(
  page: Page,
  url: string,
  fileName: string,
  content: string,
): Promise<{ status: number; text: string; json: unknown }> {
  return page.evaluate(
    async ({ url, fileName, content }) => {
      const me = await (await fetch('/api/v1/auth/me', { credentials: 'include' })).json();
      const form = new FormData();
      form.append('file', new Blob([content], { type: 'text/csv' }), fileName);
      const res = await fetch(url, { method: 'POST', credentials: 'include', headers: { 'x-csrf-token': me.csrfToken }, body: form });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, text, json };
    },
    { url, fileName, content },
  );
}

/** What an injected payload would leave behind: its elements, the marker, CSP violations. */
export const traces = (page: Page) =>
  page.evaluate(() => ({
    elements: [...document.querySelectorAll('[data-xss]')].map((e) => e.outerHTML),
    marker: (window as unknown as { __xss?: number }).__xss ?? null,
    violations: (window as unknown as { __csp?: string[] }).__csp ?? [],
  }));

export const CLEAN = { elements: [], marker: null, violations: [] };

/** a grid of fractions of a chart's box, row by row */
export const grid = (columns: number, rows: number): [number, number][] =>
  Array.from({ length: rows }, (_, j) =>
    Array.from({ length: columns }, (_, i): [number, number] => [(i + 0.5) / columns, (j + 0.5) / rows]),
  ).flat();

/** n points across the chart at height y, and n points down it at x */
export const across = (n: number, y: number) => grid(n, 1).map(([x]): [number, number] => [x, y]);
export const down = (n: number, x: number) => grid(1, n).map(([, y]): [number, number] => [x, y]);

/**
 * Moves the mouse over the chart at each point (fractions of its box) and returns the text of the
 * tooltips shown (ECharts' tooltip is a div beside the canvas wrapper, inside the chart container).
 * Stops early once the text contains `until`.
 */
export async function hoverTooltips(page: Page, chart: Locator, points: [number, number][], until?: string): Promise<string> {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  let text = '';
  for (const [fx, fy] of points) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    await page.waitForTimeout(60);
    text += await chart.evaluate((el) =>
      [...el.children]
        .slice(1)
        .map((c) => c.textContent ?? '')
        .join('\n'),
    );
    if (until && text.includes(until)) break;
  }
  return text;
}
