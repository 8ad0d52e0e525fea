/**
 * What must never be on an official's screen, checked in the page as it is rendered:
 * - an `<el-…>` element: Vue leaves a component it cannot resolve as a custom tag, so the control
 *   (a radio group, a dialog) silently does not exist;
 * - an ISO timestamp in UTC (`2026-12-03T13:27:15.438Z`): times are shown in Asia/Shanghai;
 * - an i18n key (`permission.assess_run`, `menu.users`): a label is missing in the locale;
 * - an internal code: a scheme code (`keqiao-towns-annual`), a method code (`gmean`, `topsis`,
 *   `ahp` …), a 15-minute-circle level code (`gb50180-15min`), a login name (`demo`) where a
 *   display name belongs, or formula shorthand (`(1 − 1/e)`, `every 4th`).
 */
import type { Page } from 'playwright-core';
import { PRESETS } from '../../engine/src/assess/presets.js';
import { DEFAULT_PRESET } from '../../engine/src/circles/presets.js';

/** Method codes of the assessment engine that have labels (几何平均, 熵权法 …) and must never show as codes. */
export const METHOD_CODES = [
  'amean',
  'gmean',
  'hmean',
  'topsis',
  'ahp',
  'critic',
  'entropy',
  'minmax',
  'zscore',
  'goalposts',
  'targetRatio',
  'efficacy',
  'dist2targ',
  'fracmax',
  'efficacyBands',
];
/** Codes that are data, not words: bundled scheme codes and circle level and category codes. */
export const DATA_CODES = [
  ...PRESETS.map((p) => p.id),
  ...DEFAULT_PRESET.levels.map((l) => l.id),
  ...DEFAULT_PRESET.categories.map((c) => c.id).filter((id) => id.includes('_')),
];
/** Phrases of formulas and internals that have plain words on screen. */
const PHRASES = [/1\s*[−-]\s*1\/e/, /every \d+(st|nd|rd|th)\b/, /\bk\b(?=\s*(个|sites|$))/m, /\b(?:user|cli|system):[a-z]/];

/** The key namespaces of the app's locale files; a dotted word under one of them is a missing label. */
const KEY_NAMESPACES = [
  'menu',
  'permission',
  'common',
  'user',
  'account',
  'totp',
  'admin',
  'audit',
  'data',
  'import',
  'assess',
  'circles',
  'home',
  'cockpit',
  'regions',
  'role',
  'error',
  'collect',
  'notifications',
  'mujun',
  'catalogue',
  'targets',
  'projects',
  'milestones',
  'events',
  'ecology',
  'rivers',
  'enforce',
  'rural',
  'screen',
  'shell',
];

export async function problemsOnScreen(page: Page, o: { logins?: string[] } = {}): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const out: string[] = [];
  for (const code of [...METHOD_CODES, ...DATA_CODES]) {
    const word = new RegExp(`(?<![\\w-])${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
    const m = word.exec(text);
    if (m) out.push(`raw code ${code} in “${text.slice(Math.max(0, m.index - 30), m.index + code.length + 30).replace(/\s+/g, ' ')}”`);
  }
  for (const re of PHRASES) {
    const m = re.exec(text);
    if (m) out.push(`internal phrase ${m[0]}`);
  }
  if (o.logins?.length) out.push(...(await loginsOnScreen(page, o.logins)));
  return [...out, ...(await structural(page))];
}

/**
 * A login name (or a bare system actor id such as `demo`) shown where a person's name belongs: a
 * text on its own, or one of the parts of a `who · when` line. Prose that happens to hold the
 * word ("for the demo") is not an actor; the user administration marks its login column data-login.
 */
async function loginsOnScreen(page: Page, logins: string[]): Promise<string[]> {
  return page.evaluate((logins) => {
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[data-login], script, style') || !el.checkVisibility()) continue;
      for (const part of (n.textContent ?? '').split(/\s+·\s+|[（）()]/)) {
        const word = part.trim();
        if (logins.includes(word)) out.add(`login name ${word} in “${(el.textContent ?? '').trim().slice(0, 60)}”`);
      }
    }
    return [...out];
  }, logins);
}

async function structural(page: Page): Promise<string[]> {
  return page.evaluate((namespaces) => {
    const out: string[] = [];
    const unresolved = new Set<string>();
    for (const el of document.querySelectorAll('*')) if (el.tagName.startsWith('EL-')) unresolved.add(el.tagName.toLowerCase());
    for (const tag of unresolved) out.push(`unresolved component <${tag}>`);
    const text = document.body.innerText;
    for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g))
      out.push(`raw timestamp ${m[0]}`);
    const keys = new RegExp(`(?<![\\w./])(?:${namespaces.join('|')})\\.[a-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*`, 'g');
    for (const m of text.matchAll(keys)) out.push(`i18n key ${m[0]}`);
    return [...new Set(out)];
  }, KEY_NAMESPACES);
}
