/** Every UI string comes from the locale files, in both languages. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiLang, pick } from '../src/i18n';
import { mergeMessages, messages, moduleLocaleFiles } from '../src/i18n/messages';

const zh = messages['zh-CN'];
const en = messages.en;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : files(p);
    return /\.(ts|vue)$/.test(e.name) ? [p] : [];
  });
}

/** Source text without comments (they may explain Chinese terms). */
const code = (text: string) =>
  text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('i18n', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    const values = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'object' ? values(v) : [v]));
    expect(values(zh).filter((v) => !v.trim())).toEqual([]);
    expect(values(en).filter((v) => !v.trim())).toEqual([]);
  });

  it('finds every module locale file, in both languages', () => {
    const modules = (files: string[], locale: string) => files.map((f) => f.replace(`/locales/${locale}.ts`, ''));
    expect(moduleLocaleFiles['zh-CN'].length).toBeGreaterThanOrEqual(6);
    expect(modules(moduleLocaleFiles.en, 'en')).toEqual(modules(moduleLocaleFiles['zh-CN'], 'zh-CN'));
    expect(zh.circles).toBeTypeOf('object');
    expect(zh.menu).toMatchObject({ home: expect.any(String), access: expect.any(String), admin: expect.any(String) });
  });

  it('refuses a key that two locale files both define', () => {
    expect(() => mergeMessages({ menu: { home: 'a' } }, { menu: { home: 'b' } }, 'views/x/locales/en.ts')).toThrow(
      /menu\.home is defined twice/,
    );
    expect(mergeMessages({ menu: { home: 'a' } }, { menu: { x: 'b' } }, 'x')).toEqual({ menu: { home: 'a', x: 'b' } });
  });

  it('keeps Chinese text out of the code: it lives in the locale files', () => {
    const offenders = files(SRC).filter((f) => /\p{Script=Han}/u.test(code(fs.readFileSync(f, 'utf8'))));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('maps the interface language to the API language and picks bilingual fields', () => {
    expect(apiLang('zh-CN')).toBe('zh');
    expect(apiLang('en')).toBe('en');
    expect(pick('en', '柯桥区', 'Keqiao')).toBe('Keqiao');
    expect(pick('en', '柯桥区', null)).toBe('柯桥区');
    expect(pick('zh-CN', '柯桥区', 'Keqiao')).toBe('柯桥区');
  });
});

describe('permission labels', () => {
  it('every permission a module declares has a label in both languages (the roles page shows them)', async () => {
    const { ALL_PERMISSIONS } = await import('../../server/src/modules');
    const key = (p: string) => p.replace(':', '_');
    const missing = ALL_PERMISSIONS.flatMap((p) =>
      [zh, en]
        .filter((m) => typeof (m as { permission: Record<string, string> }).permission[key(p)] !== 'string')
        .map((m) => `${m === zh ? 'zh-CN' : 'en'}: ${p}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('audit action labels', () => {
  /** Every action the server can write: route declarations (`audit: { action: … }`) and service calls. */
  function serverAuditActions(): string[] {
    const serverSrc = path.resolve(SRC, '../../server/src');
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) {
          const text = fs.readFileSync(p, 'utf8');
          for (const match of text.matchAll(/\baction: (?:'([a-z_.]+)'|\[([^\]]+)\])/g)) {
            const [, one, many] = match;
            for (const a of one ? [one] : [...many.matchAll(/'([a-z_.]+)'/g)].map((m) => m[1])) found.add(a);
          }
        }
      }
    };
    walk(serverSrc);
    return [...found].sort();
  }

  it('every audit action the server writes has a label in both languages', async () => {
    const { actionKey } = await import('../src/views/audit/labels');
    const actions = serverAuditActions();
    expect(actions.length).toBeGreaterThan(30);
    const label = (m: object, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], m);
    const missing = actions.flatMap((a) =>
      [zh, en].filter((m) => typeof label(m, actionKey(a)) !== 'string').map((m) => `${m === zh ? 'zh-CN' : 'en'}: ${a}`),
    );
    expect(missing).toEqual([]);
  });
});
