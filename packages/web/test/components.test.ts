/**
 * Every Element Plus tag a template uses is registered: an unregistered one stays an unknown
 * `<el-…>` tag and the control silently does not exist. Shell pages (loaded before the extras)
 * may use only the shell set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHELL_COMPONENTS } from '../src/plugins/element';
import { EXTRA_COMPONENTS } from '../src/plugins/element-extras';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const SHELL_FILES = /^(App\.vue|layouts\/|components\/|views\/(home|login|account|error)\/)/;

function vueFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? vueFiles(p) : e.name.endsWith('.vue') ? [p] : [];
  });
}

const pascal = (tag: string) => tag.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
const names = (list: unknown[]) => new Set(list.map((c) => (c as { name: string }).name));

describe('Element Plus registration', () => {
  it('registers every el-* tag a template uses, shell pages from the shell set', () => {
    const shell = names(SHELL_COMPONENTS);
    const all = new Set([...shell, ...names(EXTRA_COMPONENTS)]);
    const missing: string[] = [];
    for (const file of vueFiles(SRC)) {
      const rel = path.relative(SRC, file);
      const registered = SHELL_FILES.test(rel) ? shell : all;
      const template = fs.readFileSync(file, 'utf8').split('<template>').slice(1).join('<template>');
      for (const [, tag] of template.matchAll(/<(el-[a-z-]+)/g)) if (!registered.has(pascal(tag))) missing.push(`${rel}: <${tag}>`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('registers each component under its own name', () => {
    for (const c of [...SHELL_COMPONENTS, ...EXTRA_COMPONENTS]) expect((c as { name?: string }).name).toMatch(/^El[A-Z]/);
  });
});
