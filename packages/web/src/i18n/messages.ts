/**
 * The message trees of both languages: the shell's own (./locales) merged with each module's
 * `views/<module>/locales/<locale>.ts`, discovered by file name. A module's file holds whole
 * namespaces (its page texts) plus its entries under `menu`; two files defining the same key is a
 * mistake and fails here rather than silently overwriting one text with another.
 */
import zhCN from './locales/zh-CN';
import en from './locales/en';

export type Messages = { [key: string]: string | Messages };

const zhModules = import.meta.glob<{ default: Messages }>('../views/*/locales/zh-CN.ts', { eager: true });
const enModules = import.meta.glob<{ default: Messages }>('../views/*/locales/en.ts', { eager: true });

/** Deep merge of message trees; a key defined twice throws with its path and the file. */
export function mergeMessages(into: Messages, from: Messages, source: string, prefix = ''): Messages {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    const path = `${prefix}${key}`;
    if (existing === undefined) into[key] = typeof value === 'string' ? value : mergeMessages({}, value, source, `${path}.`);
    else if (typeof existing === 'string' || typeof value === 'string')
      throw new Error(`i18n key ${path} is defined twice (again in ${source})`);
    else mergeMessages(existing, value, source, `${path}.`);
  }
  return into;
}

function build(core: Messages, modules: Record<string, { default: Messages }>): Messages {
  const out = mergeMessages({}, core, 'i18n/locales');
  for (const [file, mod] of Object.entries(modules)) mergeMessages(out, mod.default, file);
  return out;
}

export const messages = { 'zh-CN': build(zhCN, zhModules), en: build(en, enModules) };
/** The module locale files found, per language (for the test that both languages have the same files). */
export const moduleLocaleFiles = { 'zh-CN': Object.keys(zhModules).sort(), en: Object.keys(enModules).sort() };
