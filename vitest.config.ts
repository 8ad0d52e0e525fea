import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src`, import.meta.url));

// Workspace packages resolve to their TypeScript sources, so tests never need a build first.
const alias = [
  { find: /^@gongfu\/engine$/, replacement: `${src('engine')}/index.ts` },
  { find: /^@gongfu\/engine\/(.*)$/, replacement: `${src('engine')}/$1/index.ts` },
  { find: /^@gongfu\/server$/, replacement: `${src('server')}/index.ts` },
  { find: /^@gongfu\/server\/(.*)$/, replacement: `${src('server')}/$1` },
];

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ['packages/server/test/global-setup.ts'],
    projects: [
      { resolve: { alias }, test: { name: 'engine', include: ['packages/engine/test/**/*.test.ts'] } },
      { resolve: { alias }, test: { name: 'web', include: ['packages/web/test/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: { name: 'cli', include: ['packages/cli/test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['packages/web/e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
