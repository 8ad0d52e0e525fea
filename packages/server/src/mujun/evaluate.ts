/**
 * An evaluation run (亩均效益综合评价): per group (规上, 规下) the Huangyan preset on the assessment
 * engine — benchmark ratio × points, summed — with the run's options (a 1.5× cap, benchmarks fixed
 * or computed as the county's Σvalue/Σland, the rule for missing energy and emission data), then
 * A/B/C/D by the preset's score bands or by rank shares within the group; vetoes force D. Firms
 * without land, tax data or a group are listed as 不参评 with the reason. The run stores the schemes
 * as run and every firm's inputs and item scores, so it can be explained and reproduced.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EngineError } from '@gongfu/engine';
import { gradeWithinGroups, PRESETS, runScheme } from '@gongfu/engine/assess';
import { excludeMissing, schemeBenchmarks, withBenchmarkCap, withBenchmarks, withMissingRule } from '@gongfu/engine/mujun';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError, fromEngineError } from '../errors.js';
import { readInputs, type Column, type Firm, type Scale } from './inputs.js';
import { insertRunUnscoped, type NewResult } from './repository.js';

export const EvaluateOptions = z.object({
  year: z.number().int().min(2000).max(2100),
  cap: z.boolean().default(false).describe('Yueqing-style cap: an item scores at most 1.5 × its points (floor 0)'),
  benchmarks: z
    .enum(['fixed', 'county'])
    .default('fixed')
    .describe('the preset’s published benchmarks, or the county’s Σvalue/Σland of the year'),
  missing: z
    .enum(['zero', 'average', 'exclude'])
    .default('zero')
    .describe('missing energy or emission data: the item scores 0, the group average, or the firm is not rated'),
  classes: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('bands') }),
      z.object({ type: z.literal('shares'), A: z.number().min(0).max(1), B: z.number().min(0).max(1), C: z.number().min(0).max(1) }),
    ])
    .default({ type: 'bands' }),
  minLandMu: z.number().min(0).default(0).describe('firms with less land are listed as 不参评'),
});
export type EvaluateOptions = z.infer<typeof EvaluateOptions>;

const PRESET_DIR = fileURLToPath(new URL('../../../engine/src/assess/', import.meta.url));
const PRESET_OF: Record<Scale, string> = { above: 'mujun-huangyan-above', below: 'mujun-huangyan-below' };

/** The bundled preset files are read once; each run works on its own copy (the scheme helpers copy). */
const presets = new Map<string, string>();
function preset(id: string): unknown {
  if (!presets.has(id)) presets.set(id, fs.readFileSync(PRESET_DIR + PRESETS.find((x) => x.id === id)!.file, 'utf8'));
  return JSON.parse(presets.get(id)!);
}

/** Columns each group's preset reads (vetoes default to 0: no record means no event). */
const NEEDS: Record<Scale, Column[]> = {
  above: [
    'tax',
    'value_added',
    'land_mu',
    'energy_tce',
    'emission_t',
    'employees',
    'rd_expense',
    'revenue',
    'safety_accident',
    'env_violation',
  ],
  below: ['tax', 'land_mu', 'electricity', 'safety_accident', 'env_violation'],
};
const VETO_COLUMNS: Column[] = ['safety_accident', 'env_violation'];

function notRatedReason(f: Firm, o: EvaluateOptions): string | null {
  if (!f.scale) return '规模（规上/规下）未填写，不参评';
  if (f.landMu === null) return '无用地数据，不参评';
  if (f.landMu < o.minLandMu) return `用地 ${f.landMu} 亩，低于 ${o.minLandMu} 亩参评线，不参评`;
  if (f.values.tax === undefined) return '缺少税务数据，不参评';
  if (f.scale === 'above' && f.values.value_added === undefined) return '缺少统计（增加值）数据，不参评';
  if (f.scale === 'below' && f.values.electricity === undefined) return '缺少用电数据，不参评';
  return null;
}

interface GroupResult {
  scheme: unknown;
  results: NewResult[];
}

function scoreGroup(scale: Scale, firms: Firm[], o: EvaluateOptions): GroupResult {
  const rated: Firm[] = [];
  const results: NewResult[] = [];
  const base = (f: Firm) => ({
    subjectId: f.enterprise.id,
    regionCode: f.townCode,
    scale,
    industry: f.enterprise.industry,
    landMu: f.landMu,
    inputs: Object.fromEntries(NEEDS[scale].map((c) => [c, f.values[c] ?? null])) as Record<string, number | null>,
  });
  for (const f of firms) {
    const reason = notRatedReason(f, o);
    if (reason) results.push({ ...base(f), items: {}, score: null, rank: null, class: null, notRated: reason, vetoes: [] });
    else rated.push(f);
  }
  let scheme = preset(PRESET_OF[scale]);
  if (scale === 'above') scheme = withMissingRule(scheme, o.missing === 'average' ? 'average' : 'zero');
  const column = (c: Column, list: Firm[]) => Float64Array.from(list, (f) => f.values[c] ?? (VETO_COLUMNS.includes(c) ? 0 : NaN));
  let units = rated;
  if (scale === 'above' && o.missing === 'exclude') {
    const values = Object.fromEntries((['energy_tce', 'emission_t'] as Column[]).map((c) => [c, column(c, rated)]));
    const { keep, notRated } = excludeMissing(
      rated.map((f) => f.enterprise.code),
      values,
      ['energy_tce', 'emission_t'],
    );
    const why = new Map(notRated.map((n) => [n.unitId, n.zh]));
    units = rated.filter((_, i) => keep[i]);
    for (const f of rated)
      if (why.has(f.enterprise.code))
        results.push({ ...base(f), items: {}, score: null, rank: null, class: null, notRated: why.get(f.enterprise.code)!, vetoes: [] });
  }
  if (units.length === 0) return { scheme, results };
  const values = Object.fromEntries(NEEDS[scale].map((c) => [c, column(c, units)]));
  if (o.benchmarks === 'county') scheme = withBenchmarks(scheme, schemeBenchmarks(scheme, values));
  if (o.cap) scheme = withBenchmarkCap(scheme, { cap: 1.5, floor: 0 });
  let result;
  try {
    result = runScheme(scheme, { unitIds: units.map((f) => f.enterprise.code), values });
  } catch (e) {
    if (e instanceof EngineError) throw fromEngineError(e, 422);
    throw e;
  }
  const vetoIds = Object.keys(result.vetoes);
  const vetoed = (i: number) => vetoIds.filter((v) => result.vetoes[v][i]);
  const classes =
    o.classes.type === 'shares'
      ? gradeWithinGroups(
          result.final,
          {
            type: 'shares',
            shares: [
              { grade: 'A', share: o.classes.A },
              { grade: 'B', share: o.classes.B },
              { grade: 'C', share: o.classes.C },
              { grade: 'D', share: Math.max(0, 1 - o.classes.A - o.classes.B - o.classes.C) },
            ],
          },
          { force: vetoIds.map((v) => ({ mask: result.vetoes[v], grade: 'D' })) },
        )
      : result.grade!;
  units.forEach((f, i) => {
    results.push({
      ...base(f),
      items: Object.fromEntries(result.indicators.map((id) => [id, finite(result.normalised[id][i])])),
      score: finite(result.final[i]),
      rank: finite(result.rank[i]),
      class: classes[i] ?? 'D',
      notRated: null,
      vetoes: vetoed(i),
    });
  });
  return { scheme, results };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null);

export async function evaluate(db: Db, actor: Actor, o: EvaluateOptions, regionCode: string) {
  const inputs = await readInputs(db, actor, o.year);
  const operating = inputs.firms.filter((f) => !f.closed);
  if (operating.length === 0) {
    throw new AppError('NO_ENTERPRISES', 422, {
      zh: '数据范围内没有在营企业：请先导入企业名册',
      en: 'No operating enterprises in scope: import the roster first',
    });
  }
  const above = scoreGroup(
    'above',
    operating.filter((f) => f.scale === 'above'),
    o,
  );
  const below = scoreGroup(
    'below',
    operating.filter((f) => f.scale !== 'above'),
    o,
  );
  const results = [...above.results, ...below.results];
  const digest = createHash('sha256')
    .update(JSON.stringify({ o, inputs: results.map((r) => [r.subjectId, r.landMu, r.inputs]) }))
    .digest('hex');
  return db.transaction(async (t) => {
    const tx = t as Db;
    const id = await insertRunUnscoped(
      tx,
      {
        year: o.year,
        regionCode,
        options: o,
        schemes: { above: above.scheme, below: below.scheme },
        inputDigest: digest,
        createdBy: actor.id,
      },
      results,
    );
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.class ?? 'notRated'] = (counts[r.class ?? 'notRated'] ?? 0) + 1;
    await appendAudit(tx, actor, {
      action: 'mujun.run',
      target: `mujun_run:${id}`,
      after: { year: o.year, options: o, enterprises: results.length, counts, inputDigest: digest },
    });
    return { id, counts, enterprises: results.length };
  });
}
