// ESLint flat config: correctness rules plus the architecture's boundary rules (docs/architecture.md).
// Boundaries:
// - the engine is pure computation: it imports no workspace package and no Node I/O module;
// - the web imports server code only as types (`import type`), never at run time (the pure engine it may run);
// - a domain module (a folder of server/src or engine/src that is not part of the kit, or a
//   web views/<module>) imports no sibling domain module: shared code moves into the kit.
// Domain modules are discovered: every folder that is not listed as kit below.
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

/** Shared layers every module may use (the "kit"); any other folder is a domain module. */
const KIT = {
  server: [
    'auth',
    'calendar',
    'audit',
    'db',
    'demo',
    'exports',
    'http',
    'imports',
    'indicators',
    'notifications',
    'observations',
    'regions',
    'reports',
    'subjects',
    'tables',
    'util',
  ],
  engine: ['geo', 'util'],
  web: ['account', 'admin', 'audit', 'data', 'error', 'home', 'login'],
};

const folders = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
    : [];
const domainModules = (dir, kit) => folders(dir).filter((f) => !kit.includes(f));

/**
 * One config block per folder of `base`: no folder imports a domain module other than itself (kit
 * folders import none at all, which keeps the kit free of cycles). `extra` adds rule options that
 * hold for the whole tree (ESLint replaces, not merges, a rule's options per matching block).
 */
function moduleRules(base, kit, relative, extra = { paths: [], patterns: [] }) {
  const modules = domainModules(base, kit);
  return folders(base).map((m) => ({
    files: [`${base}/${m}/**/*.{ts,vue}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: extra.paths,
          patterns: [
            ...extra.patterns,
            ...modules
              .filter((other) => other !== m)
              .map((other) => ({
                group: relative(other),
                message: `${m} may not import the module ${other}: modules meet only through the kit and the manifest (docs/architecture.md).`,
              })),
          ],
        },
      ],
    },
  }));
}

const NODE_IO = [
  'fs',
  'path',
  'net',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'os',
  'stream',
  'zlib',
  'dgram',
  'dns',
  'tls',
  'readline',
];

const ENGINE_PURE = {
  paths: NODE_IO.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'The engine is pure computation: no I/O.' })),
  patterns: [{ group: ['@gongfu/*', '**/server/**', '**/cli/**', '**/web/**'], message: 'The engine imports no other workspace package.' }],
};
const relativeTo = (other) => [`../${other}/*`, `../../${other}/*`, `./${other}/*`];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'bench/tmp/**', '.bench/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // TypeScript checks these better than ESLint does.
      'no-undef': 'off',
      'no-redeclare': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Typed arrays and generic helpers need explicit escapes now and then; keep them visible, not fatal.
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'vue/multi-word-component-names': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Tests and benches build fixtures with comma expressions (`(a.push(x), b.push(y))`).
    files: ['**/test/**', '**/e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['packages/engine/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', ENGINE_PURE] },
  },
  {
    files: ['packages/web/src/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@gongfu/server', '@gongfu/server/*', '**/server/src/**'],
              allowTypeImports: true,
              message: 'The web imports server code only as types (import type …).',
            },
          ],
        },
      ],
    },
  },
  ...moduleRules('packages/server/src', KIT.server, relativeTo),
  ...moduleRules('packages/engine/src', KIT.engine, relativeTo, ENGINE_PURE),
  ...moduleRules('packages/web/src/views', KIT.web, (other) => [`../${other}/*`, `../../views/${other}/*`]),
  {
    // The manifest and the barrels are the one place allowed to name every module.
    files: ['packages/server/src/modules.ts', 'packages/server/src/index.ts', 'packages/server/src/app.ts', 'packages/engine/src/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
