/**
 * The monthly progress report (月度进展报告) as an Excel workbook: the targets of the year in the
 * caller's scope with their lights, gaps, year-end forecasts and what each remaining month needs;
 * the major-project laggards with their warnings; the 八大行动 milestones that are overdue. An
 * audited export (who, which year and month, how many rows).
 */
import type { Actor } from '../auth/actor.js';
import { auditExport } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { renderTables, type OutCell } from '../exports/table-writer.js';
import { milestoneTree } from './milestones.js';
import { projectBoard } from './projects.js';
import { statusesOf } from './service.js';

const LIGHT = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;
const WARNING: Record<string, string> = {
  start_late: '开工滞后',
  milestone_late: '节点滞后',
  investment_low: '投资低于计划',
  no_report: '本月未报',
};
const r2 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);

export async function monthlyReport(db: Db, actor: Actor, year: number, month?: number) {
  const [targets, board, tree] = await Promise.all([
    statusesOf(db, actor, { year }),
    projectBoard(db, actor, year, month),
    milestoneTree(db, actor),
  ]);
  const m = month ?? board.month;
  const at = (t: (typeof targets)[number]) => t.months[m - 1] ?? null;
  const synthetic = targets.some((t) => t.synthetic) || board.synthetic ? '（含合成数据）' : '';
  const targetRows: OutCell[][] = targets.map((t) => {
    const s = at(t);
    const light = s?.light ?? null;
    return [
      t.name,
      t.subjectName,
      t.department,
      t.kind === 'growth' ? `${pct(t.targetValue)}%` : `${r2(t.targetValue)} ${t.unit}`,
      r2(s?.actual),
      r2(s?.expected),
      light ? LIGHT[light] : '无数据',
      t.redStreak,
      r2(s?.gapPp ?? null),
      r2(t.forecast?.point),
      r2(t.forecast?.low),
      r2(t.forecast?.high),
      pct(t.forecast?.mape),
      r2(t.neededPerMonth),
      t.synthetic ? '是' : '否',
    ];
  });
  const laggardRows: OutCell[][] = board.laggards.map((p) => [
    p.code,
    p.name,
    p.action,
    p.department,
    p.regionName,
    r2(p.planToDate),
    r2(p.actualToDate),
    p.warnings.map((w) => WARNING[w.kind] + (w.kind === 'milestone_late' ? `（${w.milestone}）` : '')).join('、'),
    p.synthetic ? '是' : '否',
  ]);
  const overdueRows: OutCell[][] = tree.actions.flatMap((a) =>
    a.tasks.flatMap((t) =>
      t.items
        .filter((x) => x.overdue)
        .map((x) => [a.name, t.name, x.name, x.ownerUnit, x.dueDate, x.signature ? '是' : '否', x.synthetic ? '是' : '否']),
    ),
  );
  const { bytes, rows } = await renderTables('xlsx', [
    {
      name: '目标进展',
      header: [
        '目标',
        '责任主体',
        '责任部门',
        '年度目标',
        '实绩',
        '序时进度',
        '灯号',
        '连续红灯月数',
        '差距（个百分点）',
        '年末预测',
        '预测下限',
        '预测上限',
        '预测误差（%）',
        '剩余每月需完成',
        '合成数据',
      ],
      rows: [targetRows],
      widths: [34, 14, 16, 14, 12, 12, 8, 12, 14, 12, 12, 12, 12, 14, 8],
    },
    {
      name: '滞后项目',
      header: ['项目编号', '项目名称', '专项行动', '责任部门', '镇街', '计划投资（亿元）', '完成投资（亿元）', '滞后原因', '合成数据'],
      rows: [laggardRows],
      widths: [18, 34, 18, 16, 14, 14, 14, 30, 8],
    },
    {
      name: '逾期里程碑',
      header: ['行动', '任务', '里程碑', '责任单位', '完成时限', '标志性成果', '合成数据'],
      rows: [overdueRows],
      widths: [16, 24, 30, 16, 12, 10, 8],
    },
  ]);
  await auditExport(db, actor, {
    action: 'targets.report.export',
    target: `targets:${year}-${String(m).padStart(2, '0')}`,
    after: { year, month: m, rows, targets: targetRows.length, laggards: laggardRows.length, overdue: overdueRows.length },
  });
  return { bytes, fileName: `${year}年${m}月挂图作战进展报告${synthetic}.xlsx` };
}
