/**
 * The lists each receiving body needs from a run, with exactly its columns: the grid company
 * (差别化电价: class, streak, surcharge), the tax bureau (城镇土地使用税 relief), the natural-
 * resources bureau (land of each firm and its class: C/D land first, for 腾退/提升). Measures come
 * from the versioned policy table with streaks over the published runs of earlier years. Every list
 * is an audited export.
 */
import { applyPolicies, ILLUSTRATIVE_POLICY_TABLE, type ClassRecord } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import { auditExport } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { notFound } from '../errors.js';
import { renderTables, type OutCell } from '../exports/table-writer.js';
import { classesOfYear, resultsOf, runById } from './repository.js';

export type ListBody = 'grid' | 'tax' | 'land';

export const LIST_NAMES: Record<ListBody, string> = {
  grid: '供电公司-差别化电价名单',
  tax: '税务局-城镇土地使用税减免名单',
  land: '自然资源局-用地名单',
};

const ALL = { limit: 1_000_000, offset: 0 };

export async function policyList(db: Db, actor: Actor, runId: number, body: ListBody): Promise<{ bytes: Buffer; fileName: string }> {
  const run = await runById(db, actor, runId);
  if (!run) throw notFound({ zh: '评价', en: 'Evaluation run' }, String(runId));
  const results = await resultsOf(db, actor, runId, {}, ALL);
  const earlier = await Promise.all([1, 2, 3, 4].map((k) => classesOfYear(db, actor, run.year - k)));
  const histories = new Map<string, ClassRecord[]>();
  for (const r of results) {
    histories.set(r.code, [
      ...earlier.map((m, k) => ({ year: run.year - k - 1, class: m.get(r.code) ?? null })).reverse(),
      { year: run.year, class: r.class },
    ]);
  }
  const policies = new Map(applyPolicies([ILLUSTRATIVE_POLICY_TABLE], histories, run.year).map((p) => [p.enterprise, p]));
  const measure = (code: string, kind: string) => policies.get(code)?.measures.find((m) => m.kind === kind);
  const rated = results.filter((r) => r.class);
  let header: string[];
  let rows: OutCell[][];
  if (body === 'grid') {
    header = ['统一社会信用代码', '企业名称', '所属镇街', '规模', '评价类别', '连续年数', '差别化电价加价（元/千瓦时）', '执行依据'];
    rows = rated
      .filter((r) => measure(r.code, 'electricity_surcharge'))
      .map((r) => {
        const m = measure(r.code, 'electricity_surcharge')!;
        return [
          r.code,
          r.name,
          r.townName,
          r.scale === 'above' ? '规上' : '规下',
          r.class,
          policies.get(r.code)!.streak,
          m.value,
          m.name.zh,
        ];
      });
  } else if (body === 'tax') {
    header = ['统一社会信用代码', '企业名称', '所属镇街', '评价类别', '城镇土地使用税减免比例（%）', '执行依据'];
    rows = rated
      .filter((r) => measure(r.code, 'land_use_tax_relief'))
      .map((r) => {
        const m = measure(r.code, 'land_use_tax_relief')!;
        return [r.code, r.name, r.townName, r.class, m.value, m.name.zh];
      });
  } else {
    header = ['统一社会信用代码', '企业名称', '所属镇街', '评价类别', '用地面积（亩）', '综合得分', '亩均税收（万元/亩）'];
    rows = rated
      .slice()
      .sort((a, b) => rankOfClass(b.class) - rankOfClass(a.class) || (b.landMu ?? 0) - (a.landMu ?? 0))
      .map((r) => [
        r.code,
        r.name,
        r.townName,
        r.class,
        r.landMu,
        r.score,
        r.landMu && r.inputs.tax != null ? round(r.inputs.tax / r.landMu) : null,
      ]);
  }
  const note = ILLUSTRATIVE_POLICY_TABLE.illustrative ? '（示意政策表）' : '';
  const { bytes, rows: count } = await renderTables('xlsx', [{ name: `${run.year}年${note}`.slice(0, 31), header, rows: [rows] }]);
  await auditExport(db, actor, {
    action: 'mujun.list',
    target: `mujun_run:${runId}`,
    after: { body, rows: count, policy: ILLUSTRATIVE_POLICY_TABLE.id },
  });
  return { bytes, fileName: `${run.year}年亩均效益评价-${LIST_NAMES[body]}.xlsx` };
}

const rankOfClass = (c: string | null) => ({ D: 4, C: 3, B: 2, A: 1 })[c ?? ''] ?? 0;
const round = (v: number) => Math.round(v * 1000) / 1000;
