/**
 * The land file (用地): one row per parcel, or one row per tenant of a leased parcel (the 地块编号
 * repeated). Leased land counts for the tenant, the owner keeps the rest (engine `attributeLand`).
 * Every problem names its sheet, row and column; nothing is written while one remains, and a file
 * replaces the year's parcels of the towns it covers in one transaction with its audit entry.
 */
import { attributeLand, validateCreditCode } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/service.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import { replaceParcelsUnscoped, townCodes, type ParcelRow } from './repository.js';

type Field = 'parcel' | 'region' | 'area' | 'owner' | 'tenant' | 'leased';

const SPEC: TableSpec<Field> = {
  parcel: { aliases: ['地块编号', '地块代码', '宗地编号', '宗地代码', 'parcel'], required: true },
  region: { aliases: ['所属镇街', '镇街代码', '所属地区', '地区代码', 'region'], required: true },
  area: { aliases: ['面积（亩）', '面积', '用地面积（亩）', '用地面积', '宗地面积（亩）', 'area_mu'], required: true },
  owner: { aliases: ['权属企业信用代码', '权属企业统一社会信用代码', '土地使用权人信用代码', '权利人信用代码', 'owner'], required: true },
  tenant: { aliases: ['承租企业信用代码', '承租企业统一社会信用代码', '承租人信用代码', 'tenant'] },
  leased: { aliases: ['承租面积（亩）', '承租面积', 'leased_mu'] },
};

export interface ParcelImport {
  dryRun: boolean;
  year: number;
  parcels: number;
  leases: number;
  areaMu: number;
  /** parcels whose file names no owner: listed by the reconciliation */
  withoutOwner: number;
}

export async function importParcels(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  options: { fileName: string; year: number; dryRun: boolean; maxBytes: number },
): Promise<ParcelImport> {
  const file = await readTable(bytes, options.fileName, options.maxBytes);
  const towns = await townCodes(db, actor);
  const townByName = new Map([...towns].map(([code, name]) => [name, code]));
  const issues: ImportIssue[] = [];
  const parcels = new Map<string, ParcelRow & { row: number; sheet: string | null }>();
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    if (missing.length) {
      issues.push(headerLacks(sheet.name, header, columnNames(SPEC, missing)));
      continue;
    }
    for (const rec of readRecords(body, columns, SPEC)) {
      const at = recordProblems(issues, sheet.name, rec);
      const code = cellText(rec.values.parcel as never);
      if (!code) {
        at('parcel', 'PARCEL_MISSING', '地块编号为空', 'Parcel number is empty');
        continue;
      }
      const regionText = cellText(rec.values.region as never);
      const region = towns.has(regionText) ? regionText : townByName.get(regionText);
      if (!region) at('region', 'UNKNOWN_TOWN', `「${regionText}」不是你数据范围内的镇街`, `"${regionText}" is not a town in your scope`);
      const area = parseNumber(rec.values.area as never);
      if (area === null || !(area > 0))
        at('area', 'BAD_AREA', `面积「${cellText(rec.values.area as never)}」应为正数（亩）`, 'Area must be a positive number (mu)');
      const owner = checkedCode(cellText(rec.values.owner as never), (zh, en) => at('owner', 'BAD_CREDIT_CODE', zh, en));
      const tenantText = cellText(rec.values.tenant as never);
      const tenant = tenantText ? checkedCode(tenantText, (zh, en) => at('tenant', 'BAD_CREDIT_CODE', zh, en)) : null;
      const leased = parseNumber(rec.values.leased as never);
      if (tenantText && (leased === null || !(leased > 0)))
        at('leased', 'BAD_LEASE', '有承租企业时须填写承租面积（亩，正数）', 'A tenant needs a leased area (mu, positive)');
      if (!tenantText && leased !== null)
        at('tenant', 'LEASE_WITHOUT_TENANT', '填写了承租面积但没有承租企业', 'A leased area without a tenant');
      if (!region || area === null || owner === undefined) continue;
      const known = parcels.get(code);
      if (known) {
        if (known.areaMu !== area || known.ownerCode !== owner) {
          at(
            'area',
            'PARCEL_CONFLICT',
            `地块 ${code} 在第 ${known.row} 行的面积或权属与本行不同`,
            `Parcel ${code} has another area or owner on row ${known.row}`,
          );
          continue;
        }
      } else
        parcels.set(code, {
          parcelCode: code,
          regionCode: region,
          areaMu: area,
          ownerCode: owner,
          leases: [],
          row: rec.row,
          sheet: sheet.name,
        });
      if (tenant && leased && leased > 0) parcels.get(code)!.leases.push({ tenant, areaMu: leased });
    }
  }
  const all = [...parcels.values()];
  for (const p of attributeLand(
    all.filter((x) => x.ownerCode).map((x) => ({ id: x.parcelCode, areaMu: x.areaMu, owner: x.ownerCode!, leases: x.leases })),
  ).problems) {
    const where = parcels.get(p.parcel)!;
    issues.push({ sheet: where.sheet, row: where.row, column: null, code: p.code, zh: p.zh, en: p.en });
  }
  if (issues.length) {
    throw new AppError(
      'IMPORT_INVALID',
      422,
      { zh: `用地文件有 ${issues.length} 处错误，未写入任何数据`, en: `The land file has ${issues.length} problems; nothing was written` },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  }
  if (all.length === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有地块', en: 'The file has no parcels' });
  const report: ParcelImport = {
    dryRun: options.dryRun,
    year: options.year,
    parcels: all.length,
    leases: all.reduce((n, p) => n + p.leases.length, 0),
    areaMu: Math.round(all.reduce((s, p) => s + p.areaMu, 0) * 100) / 100,
    withoutOwner: all.filter((p) => !p.ownerCode).length,
  };
  if (options.dryRun) return report;
  const regions = [...new Set(all.map((p) => p.regionCode))];
  await db.transaction(async (t) => {
    const tx = t as Db;
    await replaceParcelsUnscoped(tx, options.year, regions, all, options.fileName, actor.id);
    await appendAudit(tx, actor, {
      action: 'mujun.parcels.import',
      target: `mujun_land:${options.year}`,
      after: { file: options.fileName, towns: regions.length, ...report },
    });
  });
  return report;
}

/** A credit code, or null for an empty cell; undefined (and a problem) when it is invalid. */
function checkedCode(text: string, problem: (zh: string, en: string) => void): string | null | undefined {
  if (!text) return null;
  const checked = validateCreditCode(text);
  if (checked.valid) return checked.code;
  const first = checked.problems[0];
  problem(`统一社会信用代码「${text}」有误：${first.zh}`, `Credit code "${text}" is invalid: ${first.en}`);
  return undefined;
}
