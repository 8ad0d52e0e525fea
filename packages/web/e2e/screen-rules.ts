/**
 * What must never be on an official's screen, checked in the page as it is rendered:
 * - an `<el-…>` element: Vue leaves a component it cannot resolve as a custom tag, so the control
 *   (a radio group, a dialog) silently does not exist;
 * - an ISO timestamp in UTC (`2026-12-03T13:27:15.438Z`): times are shown in Asia/Shanghai;
 * - an i18n key (`permission.assess_run`, `menu.users`): a label is missing in the locale.
 */
import type { Page } from 'playwright-core';

/** The key namespaces of the app's locale files; a dotted word under one of them is a missing label. */
const KEY_NAMESPACES = [
  'menu',
  'permission',
  'common',
  'user',
  'account',
  'admin',
  'audit',
  'data',
  'import',
  'assess',
  'circles',
  'home',
  'cockpit',
  'role',
  'error',
  'collect',
  'notifications',
];

export async function problemsOnScreen(page: Page): Promise<string[]> {
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
