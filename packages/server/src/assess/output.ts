/** Exports (.xlsx with every table, .csv with one) and the printable HTML report of a stored run. */
import { renderTables, type ExportFormat, type OutCell, type SheetSpec } from '../exports/table-writer.js';
import { auditExport } from '../audit/service.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { loadRun, scorecard, type LoadedRun } from './service.js';
import { scorecardTable, TABLES, type Lang, type TableContext, type TableName } from './tables.js';

function context(run: LoadedRun, lang: Lang): TableContext {
  const d = run.definition as { ranking?: { peerGroupBy?: string }; grading?: { peerGroupBy?: string } };
  const g = d.ranking?.peerGroupBy ?? d.grading?.peerGroupBy;
  return {
    out: run.outputs,
    units: run.snapshot.units,
    labels: run.labels,
    group: g ? (run.snapshot.attributes[g] ?? null) : null,
    visible: run.visible,
    lang,
  };
}

function aboutSheet(run: LoadedRun, lang: Lang): SheetSpec {
  const m = run.meta;
  const zh = lang === 'zh';
  const rows: OutCell[][] = [
    [zh ? '考核方案' : 'Scheme', `${zh ? m.scheme.titleZh : m.scheme.titleEn} (${m.scheme.code})`],
    [zh ? '方案版本' : 'Version', `v${m.version} ${m.label}`],
    [zh ? '期间' : 'Period', m.period],
    [zh ? '范围' : 'Region', `${m.region.name} (${m.region.code})`],
    [zh ? '考核编号' : 'Run', m.id],
    [zh ? '已发布' : 'Published', m.published ? (zh ? '是' : 'yes') : zh ? '否' : 'no'],
    [zh ? '计算人' : 'Run by', m.createdByName ?? m.createdBy],
    [zh ? '计算时间' : 'Run at', m.createdAt],
    [zh ? '输入快照 SHA-256' : 'Input snapshot SHA-256', m.inputSha256],
  ];
  if (m.scheme.illustrative) rows.push([zh ? '说明' : 'Note', zh ? '示意方案，非官方考核办法' : 'Illustrative scheme, not official rules']);
  if (m.disclaimer) rows.push([zh ? '方案声明' : 'Disclaimer', zh ? m.disclaimer.zh : m.disclaimer.en]);
  if (m.synthetic)
    rows.push([zh ? '数据' : 'Data', zh ? '含合成演示数据（非官方统计）' : 'Contains synthetic demo data (not official statistics)']);
  return { name: zh ? '说明' : 'About', header: [zh ? '项目' : 'Item', zh ? '内容' : 'Value'], rows: [rows], widths: [24, 90] };
}

export const EXPORT_TABLES = ['ranking', 'scores', 'indicators', 'weights', 'scorecard'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export async function exportRun(
  db: Db,
  actor: Actor,
  id: number,
  q: { format: ExportFormat; table?: ExportTable; unit?: string; lang: Lang },
): Promise<{ bytes: Buffer; fileName: string }> {
  const run = await loadRun(db, actor, id);
  const c = context(run, q.lang);
  let sheets: SheetSpec[];
  const card = async () => {
    if (!q.unit) throw new AppError('ASSESS_UNIT_REQUIRED', 400, { zh: '导出评分卡须指定单位', en: 'a scorecard export needs a unit' });
    const s = await scorecard(db, actor, id, q.unit);
    return scorecardTable(s.explanation, run.labels, q.lang, s.unit.name);
  };
  if (q.format === 'csv') {
    const table = q.table ?? 'ranking';
    sheets = [table === 'scorecard' ? await card() : TABLES[table as TableName](c)];
  } else {
    sheets = [
      aboutSheet(run, q.lang),
      ...(q.table && q.table !== 'scorecard' ? [TABLES[q.table](c)] : Object.values(TABLES).map((f) => f(c))),
    ];
    if (q.unit || q.table === 'scorecard') sheets.push(await card());
  }
  const { bytes, rows } = await renderTables(q.format, sheets);
  const suffix = q.format === 'csv' ? `-${q.table ?? 'ranking'}` : '';
  const unitPart = q.unit && /^[A-Za-z0-9_.-]{1,40}$/.test(q.unit) ? `-${q.unit}` : '';
  const fileName = `assess-${run.meta.scheme.code}-${run.meta.period}-run${id}${suffix}${unitPart}.${q.format}`;
  await auditExport(db, actor, { action: 'assess.export', target: `assess_run:${id}`, after: { ...q, fileName, rows } });
  return { bytes, fileName };
}

const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function htmlTable(s: SheetSpec): string {
  const rows = [...(s.rows as Iterable<OutCell[][]>)].flat();
  const fmt = (v: OutCell) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : (v ?? '—'));
  return `<h2>${esc(s.name)}</h2><table><thead><tr>${s.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td${typeof v === 'number' ? ' class="n"' : ''}>${esc(fmt(v))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A self-contained, printable HTML page (no scripts, no external resources). */
export async function reportHtml(db: Db, actor: Actor, id: number, lang: Lang): Promise<string> {
  const run = await loadRun(db, actor, id);
  const c = context(run, lang);
  const m = run.meta;
  const zh = lang === 'zh';
  const title = `${zh ? m.scheme.titleZh : m.scheme.titleEn} · ${m.period}`;
  const notes: string[] = [];
  if (m.scheme.illustrative) notes.push(zh ? '示意方案，非官方考核办法。' : 'Illustrative scheme, not official rules.');
  if (m.disclaimer) notes.push(zh ? m.disclaimer.zh : m.disclaimer.en);
  if (m.synthetic)
    notes.push(zh ? '本次考核使用了合成演示数据，并非官方统计。' : 'This run uses synthetic demo data, not official statistics.');
  if (!m.published) notes.push(zh ? '草稿：尚未发布。' : 'Draft: not published.');
  const about = aboutSheet(run, lang);
  await auditExport(db, actor, { action: 'assess.report', target: `assess_run:${id}`, after: { lang } });
  return `<!doctype html>
<html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:20px 0 6px;break-after:avoid}
table{border-collapse:collapse;width:100%;font-size:12px;margin-bottom:8px}
th,td{border:1px solid #999;padding:3px 6px;text-align:left}th{background:#eee}td.n{text-align:right}
.notes{border:1px solid #e6a23c;background:#fdf6ec;padding:6px 10px;font-size:13px}
@media print{body{margin:0}.noprint{display:none}tr{break-inside:avoid}}
</style></head><body>
<h1 data-test="report-title">${esc(title)}</h1>
${notes.length ? `<div class="notes">${notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>` : ''}
${htmlTable(about)}
${htmlTable(TABLES.ranking(c))}
${htmlTable(TABLES.scores(c))}
${htmlTable(TABLES.weights(c))}
</body></html>`;
}
