/**
 * The boundary rules of docs/architecture.md are ESLint rules (eslint.config.js); `npm test` runs
 * ESLint on the whole tree. These tests lint small samples placed where a violation would live, so
 * a rule that stops firing (a renamed folder, a config typo) fails here instead of going quiet.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries (ESLint)', () => {
  it('the engine imports no workspace package and no Node I/O', async () => {
    expect(
      await problems('packages/engine/src/assess/sample.ts', `import { buildApp } from '@gongfu/server';\nexport const x = buildApp;\n`),
    ).toEqual([expect.stringMatching(/no-restricted-imports: .*imports no other workspace package/)]);
    expect(await problems('packages/engine/src/geo/sample.ts', `import fs from 'node:fs';\nexport const x = fs;\n`)).toEqual([
      expect.stringMatching(/no-restricted-imports: .*no I\/O/),
    ]);
    expect(await problems('packages/engine/src/geo/sample.ts', `import { sum } from '../util/sum';\nexport const x = sum;\n`)).toEqual([]);
  });

  it('the web imports server code only as types', async () => {
    const file = 'packages/web/src/api/sample.ts';
    expect(await problems(file, `import { RunMeta } from '../../../server/src/assess/schemas';\nexport const x = RunMeta;\n`)).toEqual([
      expect.stringMatching(/only as types/),
    ]);
    expect(await problems(file, `import type { RunMeta } from '../../../server/src/assess/schemas';\nexport type X = RunMeta;\n`)).toEqual(
      [],
    );
  });

  it('a module imports no sibling module, and the kit imports no module', async () => {
    expect(
      await problems('packages/server/src/assess/sample.ts', `import { x } from '../circles/service.js';\nexport const y = x;\n`),
    ).toEqual([expect.stringMatching(/assess may not import the module circles/)]);
    expect(
      await problems('packages/server/src/observations/sample.ts', `import { x } from '../assess/service.js';\nexport const y = x;\n`),
    ).toEqual([expect.stringMatching(/observations may not import the module assess/)]);
    expect(
      await problems('packages/engine/src/circles/sample.ts', `import { x } from '../assess/pipeline';\nexport const y = x;\n`),
    ).toEqual([expect.stringMatching(/circles may not import the module assess/)]);
    expect(
      await problems('packages/web/src/views/assess/sample.ts', `import { x } from '../circles/scenario';\nexport const y = x;\n`),
    ).toEqual([expect.stringMatching(/assess may not import the module circles/)]);
    // the kit is open to every module
    expect(
      await problems('packages/server/src/assess/sample.ts', `import { x } from '../observations/service.js';\nexport const y = x;\n`),
    ).toEqual([]);
  });
});
