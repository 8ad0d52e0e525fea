/**
 * The indicator catalogue from a spreadsheet (指标目录导入): one row per indicator with its code,
 * names, unit, direction, frequency, 累计/时点, decimals, definition, owner department and subject
 * kind, in Chinese or English words. Every problem names sheet, row and column; nothing is saved
 * while one remains; a dry run shows what would be created and changed. Saving goes through
 * `saveIndicators` (one transaction, name uniqueness, frozen frequency, the audit entry).
 */
import type { Actor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import { listIndicators } from './repository.js';
import { Indicator, type CataloguePreview } from './schema.js';
import { saveIndicators } from './service.js';

type Field =
  'code' | 'nameZh' | 'nameEn' | 'unit' | 'direction' | 'frequency' | 'accumulation' | 'decimals' | 'definition' | 'department' | 'kind';

const SPEC: TableSpec<Field> = {
  code: { aliases: ['指标代码', '代码', '指标编码', 'code'], required: true },
  nameZh: { aliases: ['指标名称', '中文名称', '名称', 'name_zh'], required: true },
  nameEn: { aliases: ['英文名称', 'name_en'], required: true },
  unit: { aliases: ['计量单位', '单位', 'unit'] },
  direction: { aliases: ['方向', '指标方向', '极性', 'direction'], required: true },
  frequency: { aliases: ['频度', '统计频度', '报送频度', 'frequency'], required: true },
  accumulation: { aliases: ['累计/时点', '累计或时点', '数据类型', 'accumulation'] },
  decimals: { aliases: ['小数位', '小数位数', 'decimals'] },
  definition: { aliases: ['指标定义', '定义', '口径', '指标解释', 'definition'] },
  department: { aliases: ['责任部门', '数据来源部门', '来源部门', 'source_department'] },
  kind: { aliases: ['主体类型', '统计对象', 'subject_kind'] },
};

const WORDS: Record<string, Record<string, string>> = {
  direction: {
    正向: 'higher',
    越大越好: 'higher',
    越高越好: 'higher',
    higher: 'higher',
    逆向: 'lower',
    负向: 'lower',
    越小越好: 'lower',
    越低越好: 'lower',
    lower: 'lower',
  },
  frequency: {
    日: 'day',
    日度: 'day',
    day: 'day',
    月: 'month',
    月度: 'month',
    month: 'month',
    季: 'quarter',
    季度: 'quarter',
    quarter: 'quarter',
    年: 'year',
    年度: 'year',
    year: 'year',
  },
  accumulation: {
    累计: 'cumulative',
    累计值: 'cumulative',
    cumulative: 'cumulative',
    时点: 'point',
    时点值: 'point',
    当期: 'point',
    point: 'point',
  },
  kind: {
    地区: 'region',
    行政区: 'region',
    region: 'region',
    企业: 'enterprise',
    enterprise: 'enterprise',
    平台: 'platform',
    platform: 'platform',
    项目: 'project',
    project: 'project',
    站点: 'station',
    监测站: 'station',
    station: 'station',
    部门: 'department',
    department: 'department',
  },
};

export async function importCatalogue(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: { fileName: string; dryRun: boolean; maxBytes: number },
): Promise<CataloguePreview> {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const issues: ImportIssue[] = [];
  const items: (Indicator & { at: { sheet: string | null; row: number } })[] = [];
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    if (missing.length) {
      if (columns.code === undefined) continue; // not a catalogue sheet
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      const at = recordProblems(issues, sheet.name, rec);
      const text = (f: Field) => cellText(rec.values[f] as never).trim();
      const word = (f: 'direction' | 'frequency' | 'accumulation' | 'kind', fallback?: string) => {
        const t = text(f);
        if (!t && fallback) return fallback;
        const v = WORDS[f][t] ?? WORDS[f][t.toLowerCase()];
        if (!v)
          at(
            f,
            'BAD_VALUE',
            `「${t}」不是可识别的${SPEC[f]!.aliases[0]}（可填：${Object.keys(WORDS[f])
              .filter((k) => /[^a-z]/.test(k))
              .join('、')}）`,
            `"${t}" is not a known ${SPEC[f]!.aliases.at(-1)}`,
          );
        return v ?? '';
      };
      const decimalsText = text('decimals');
      const decimals = decimalsText ? parseNumber(rec.values.decimals as never) : 2;
      if (decimals === null || !Number.isInteger(decimals) || decimals < 0 || decimals > 6)
        at('decimals', 'BAD_VALUE', `小数位「${decimalsText}」应为 0–6 的整数`, `Decimals "${decimalsText}" must be a whole number 0–6`);
      const candidate = {
        code: text('code'),
        nameZh: text('nameZh'),
        nameEn: text('nameEn'),
        unit: text('unit'),
        direction: word('direction'),
        frequency: word('frequency'),
        accumulation: word('accumulation', 'point'),
        decimals: decimals ?? 2,
        definition: text('definition'),
        sourceDepartment: text('department'),
        subjectKind: word('kind', 'region'),
      };
      const parsed = Indicator.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const f = (
            issue.path[0] === 'sourceDepartment' ? 'department' : issue.path[0] === 'subjectKind' ? 'kind' : issue.path[0]
          ) as Field;
          if (['direction', 'frequency', 'accumulation', 'kind', 'decimals'].includes(f)) continue; // said above
          at(
            f,
            'BAD_VALUE',
            `${SPEC[f]?.aliases[0] ?? f}：${f === 'code' ? '指标代码须以字母开头，只含字母、数字和 _ . -' : '不能为空'}`,
            `${String(issue.path[0])}: ${issue.message}`,
          );
        }
        continue;
      }
      const dup = items.find((i) => i.code === parsed.data.code);
      if (dup) {
        at(
          'code',
          'DUPLICATE_CODE',
          `指标代码 ${parsed.data.code} 重复（已见于第 ${dup.at.row} 行）`,
          `Code ${parsed.data.code} appears twice (also row ${dup.at.row})`,
        );
        continue;
      }
      items.push({ ...parsed.data, at: { sheet: sheet.name, row: rec.row } });
    }
  }
  if (issues.length)
    throw new AppError(
      'IMPORT_INVALID',
      422,
      { zh: `指标目录有 ${issues.length} 处错误，未保存任何指标`, en: `The catalogue has ${issues.length} problems; nothing was saved` },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  if (items.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有指标', en: 'The file has no indicators' });
  const existing = new Map(
    (
      await listIndicators(
        db,
        items.map((i) => i.code),
      )
    ).map((i) => [i.code, i]),
  );
  const same = (a: Indicator, b: Indicator) =>
    (
      [
        'nameZh',
        'nameEn',
        'unit',
        'direction',
        'frequency',
        'accumulation',
        'decimals',
        'definition',
        'sourceDepartment',
        'subjectKind',
      ] as const
    ).every((k) => a[k] === b[k]);
  const preview: CataloguePreview = {
    dryRun: o.dryRun,
    rows: items.length,
    created: items.filter((i) => !existing.has(i.code)).map((i) => i.code),
    updated: items.filter((i) => existing.has(i.code) && !same(existing.get(i.code)!, i)).map((i) => i.code),
    unchanged: items.filter((i) => existing.has(i.code) && same(existing.get(i.code)!, i)).map((i) => i.code),
  };
  if (o.dryRun) return preview;
  const changed = items
    .filter((i) => !preview.unchanged.includes(i.code))
    .map(({ at: _at, ...i }) => ({
      ...i,
      validMin: existing.get(i.code)?.validMin ?? null,
      validMax: existing.get(i.code)?.validMax ?? null,
    }));
  if (changed.length) await saveIndicators(db, actor, changed);
  // an unchanged catalogue is still on record: who imported which file, even when it changed nothing
  else
    await audited(db, actor, async () => ({
      result: undefined,
      audit: { action: 'indicator.save', target: null, after: { file: o.fileName, unchanged: preview.unchanged.length } },
    }));
  return preview;
}
