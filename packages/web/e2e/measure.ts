/**
 * Home-page cost in headless Chromium: the JavaScript the cockpit loads (gzip-compressed size of each
 * file, as a compressing proxy or server would send it) and the time until the indicator cards
 * render (the app's `gongfu:cockpit-cards` performance mark, relative to navigation start).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';

export interface HomeCost {
  jsFiles: string[];
  jsRawBytes: number;
  jsGzipBytes: number;
  /** JS loaded before the cards render (the rest, ECharts for the charts, follows lazily) */
  jsGzipBytesAtFirstRender: number;
  /** JS bodies as the browser received them (Resource Timing encodedBodySize: brotli/gzip as the server chose) */
  jsTransferredBytes: number;
  jsTransferredBytesAtFirstRender: number;
  /** the Accept-Encoding Chromium sent for the JS */
  acceptEncoding: string;
  firstRenderMs: number;
  chartsRenderedMs: number;
}

export async function measureHome(
  browser: Browser,
  url: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  dist: string,
): Promise<HomeCost> {
  const context = await browser.newContext({ storageState, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const encodings = new Set<Promise<string>>();
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('.js')) encodings.add(r.allHeaders().then((h) => h['accept-encoding'] ?? '(none)'));
  });
  await page.goto(url + '/');
  await page.locator('[data-indicator]').first().waitFor();
  await page.locator('[data-test="map-chart"] canvas').waitFor();
  const chartsRenderedMs = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  const timing = await page.evaluate(() => {
    const mark = performance.getEntriesByName('gongfu:cockpit-cards')[0];
    const js = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ path: new URL(e.name).pathname, end: e.responseEnd, encoded: e.encodedBodySize }));
    return { mark: mark?.startTime ?? NaN, js };
  });
  const acceptEncoding = [...new Set(await Promise.all(encodings))].join(' | ');
  await context.close();
  const files = [...new Map(timing.js.map((j) => [j.path, j])).values()];
  const size = (p: string) => {
    const bytes = fs.readFileSync(path.join(dist, p));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  let raw = 0;
  let gzip = 0;
  let atFirst = 0;
  let sent = 0;
  let sentAtFirst = 0;
  for (const f of files) {
    const s = size(f.path);
    raw += s.raw;
    gzip += s.gzip;
    sent += f.encoded;
    if (f.end <= timing.mark) {
      atFirst += s.gzip;
      sentAtFirst += f.encoded;
    }
  }
  return {
    jsFiles: files.map((f) => f.path).sort(),
    jsRawBytes: raw,
    jsGzipBytes: gzip,
    jsGzipBytesAtFirstRender: atFirst,
    jsTransferredBytes: sent,
    jsTransferredBytesAtFirstRender: sentAtFirst,
    acceptEncoding,
    firstRenderMs: timing.mark,
    chartsRenderedMs,
  };
}

export function describeCost(c: HomeCost): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return [
    `home page JS: ${c.jsFiles.length} files, ${kb(c.jsRawBytes)} raw, ${kb(c.jsGzipBytes)} gzip (${kb(c.jsGzipBytesAtFirstRender)} gzip before the cards render)`,
    `home page JS as transferred to Chromium (Accept-Encoding: ${c.acceptEncoding}): ${kb(c.jsTransferredBytes)} (${kb(c.jsTransferredBytesAtFirstRender)} before the cards render)`,
    `cockpit first render (cards): ${c.firstRenderMs.toFixed(0)} ms after navigation start; charts drawn by ${c.chartsRenderedMs.toFixed(0)} ms`,
  ].join('\n');
}

/**
 * What one page costs on a cold load (a fresh tab, same session): the longest main-thread task
 * (Long Tasks API, tasks over 50 ms; 0 when none) and when the page stopped changing, i.e. the time
 * of the last DOM mutation after its requests settled, relative to navigation start.
 */
export interface PageCost {
  path: string;
  longestTaskMs: number;
  longTasks: number;
  settledMs: number;
}

const PROBES = () => {
  const w = window as unknown as { __longTasks: number[]; __lastMutation: number };
  w.__longTasks = [];
  w.__lastMutation = 0;
  new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  new MutationObserver(() => (w.__lastMutation = performance.now())).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
};

export async function measurePage(context: BrowserContext, url: string, path: string): Promise<PageCost> {
  const page = await context.newPage();
  await page.addInitScript(PROBES);
  await page.goto(url + path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500); // late renders after the last response
  const r = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __lastMutation: number };
    return { tasks: w.__longTasks, last: w.__lastMutation };
  });
  await page.close();
  return { path, longestTaskMs: Math.max(0, ...r.tasks), longTasks: r.tasks.length, settledMs: r.last };
}
