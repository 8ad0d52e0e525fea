/**
 * The low-income household register from a town's workbook (CSV/Excel), one row per household and
 * year: 户编号, 村社编码 or 村社名称, 户主姓名, 身份证号, 联系电话, 家庭人口, then optionally 年度 and
 * the four income sources (工资性收入, 经营净收入, 财产净收入, 转移净收入, in 元), 风险标识 (大病、
 * 残疾、灾害) and 帮扶措施. A household on several rows (several years) must carry the same personal
 * data on each. Every problem names sheet, row and column and never quotes an ID or phone number;
 * nothing is stored while one remains; the register is written by `createHouseholds`, one
 * transaction with its audit entry (masked values only).
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { AppError } from '../errors.js';
import { reportedIssues, type ImportIssue } from '../imports/issues.js';
import { cellText, matchColumns, nonEmptyRows, parseNumber, readRecords, readTable, type Cell, type TableSpec } from '../tables/reader.js';
import { columnNames, headerLacks, recordProblems } from '../tables/issues.js';
import { blindIndex } from './crypto.js';
import { idNumberValid, maskIdNumber, maskName } from './engine.js';
import { householdByCodeUnscoped, householdIdByHmacUnscoped } from './repository.js';
import { createHouseholds, villagesInScope, type HouseholdInput } from './service.js';
import { villageLookup } from './village-lookup.js';

type Field = 'household' | 'code' | 'name' | 'head' | 'idNumber' | 'phone' | 'members' | 'year' | Income | 'flags' | 'measures';
type Income = 'wage' | 'business' | 'property' | 'transfer';

const INCOMES: Record<Income, string[]> = {
  wage: ['工资性收入', 'wage'],
  business: ['经营净收入', '家庭经营净收入', 'business'],
  property: ['财产净收入', 'property'],
  transfer: ['转移净收入', 'transfer'],
};
const SPEC: TableSpec<Field> = {
  household: { aliases: ['户编号', '农户编号', '户号', 'household code'], required: true },
  code: { aliases: ['村社编码', '村编码', 'village code'] },
  name: { aliases: ['村社名称', '村社', '村名', 'village'] },
  head: { aliases: ['户主姓名', '户主', '姓名', 'name'], required: true },
  idNumber: { aliases: ['身份证号', '身份证号码', '户主身份证号', 'id number'], required: true },
  phone: { aliases: ['联系电话', '手机号', '电话', 'phone'] },
  members: { aliases: ['家庭人口', '人口', '家庭人口数', 'members'], required: true },
  year: { aliases: ['年度', '年份', 'year'] },
  ...(Object.fromEntries(
    (Object.keys(INCOMES) as Income[]).map((i) => [i, { aliases: INCOMES[i].flatMap((h) => [h, `${h}(元)`, `${h}（元）`]) }]),
  ) as Record<Income, { aliases: string[] }>),
  flags: { aliases: ['风险标识', '致贫风险', 'flags'] },
  measures: { aliases: ['帮扶措施', 'measures'] },
};
const FLAGS: Record<string, string> = { 大病: 'illness', 残疾: 'disability', 灾害: 'disaster', 受灾: 'disaster' };

export interface HouseholdImportReport {
  dryRun: boolean;
  rows: number;
  households: number;
  incomeYears: number[];
  /** the households as they will be listed: masked personal data only */
  preview: { code: string; villageCode: string; members: number; name: string; idNumber: string }[];
}

export async function importHouseholds(
  db: Db,
  actor: Actor,
  bytes: Uint8Array,
  o: { fileName: string; dryRun: boolean; maxBytes: number },
): Promise<HouseholdImportReport> {
  const file = await readTable(bytes, o.fileName, o.maxBytes);
  const villageOf = villageLookup(await villagesInScope(db, actor));
  const issues: ImportIssue[] = [];
  const households = new Map<string, HouseholdInput & { row: number }>();
  const persons = new Map<string, { household: string; row: number }>();
  let rowsRead = 0;
  for (const sheet of file.sheets) {
    const [header, ...body] = nonEmptyRows(sheet);
    if (!header) continue;
    const { columns, missing } = matchColumns(header, SPEC);
    const lacking = columnNames(SPEC, missing);
    if (columns.code === undefined && columns.name === undefined)
      lacking.push({ zh: '村社编码/村社名称', en: 'village code / village name' });
    if (lacking.length) {
      issues.push(headerLacks(sheet.name, header, lacking));
      continue;
    }
    const incomeColumns = (Object.keys(INCOMES) as Income[]).filter((i) => columns[i] !== undefined);
    for (const rec of readRecords(body, columns, SPEC)) {
      rowsRead++;
      const at = recordProblems(issues, sheet.name, rec);
      const text = (f: Field) => cellText((rec.values[f] ?? null) as Cell).trim();
      const code = text('household');
      if (!/^[\w.-]{1,40}$/.test(code))
        at(
          'household',
          'BAD_HOUSEHOLD_CODE',
          '户编号应为 1–40 位字母、数字或 . _ -',
          'The household code must be 1–40 letters, digits or . _ -',
        );
      const villageCode = villageOf(text('code'), text('name'), at, columns.code !== undefined);
      const head = text('head');
      if (!head || head.length > 40)
        at('head', 'BAD_NAME', '户主姓名为空或超过 40 个字', 'The name of the head is empty or longer than 40 characters');
      const idNumber = text('idNumber').toUpperCase();
      if (!/^\d{17}[\dX]$/.test(idNumber) || !idNumberValid(idNumber))
        at('idNumber', 'BAD_ID_NUMBER', '身份证号格式或校验位不正确', 'The ID number is malformed or its check digit is wrong');
      const phone = text('phone').replace(/[\s-]/g, '');
      if (phone && !/^1\d{10}$/.test(phone))
        at('phone', 'BAD_PHONE', '联系电话应为 11 位手机号', 'The phone must be an 11-digit mobile number');
      const members = parseNumber((rec.values.members ?? null) as Cell);
      if (members === null || !Number.isInteger(members) || members < 1 || members > 30)
        at('members', 'BAD_MEMBERS', '家庭人口应为 1–30 的整数', 'Members must be a whole number from 1 to 30');
      const flags = text('flags')
        .split(/[、,，;；\s]+/)
        .filter(Boolean)
        .map(
          (f) =>
            FLAGS[f] ??
            (at('flags', 'BAD_FLAG', `风险标识「${f}」应为 大病、残疾 或 灾害`, `Risk flag "${f}" must be 大病, 残疾 or 灾害`), ''),
        );
      let income: NonNullable<HouseholdInput['incomes']>[number] | null = null;
      if (incomeColumns.length) {
        const y = parseNumber((rec.values.year ?? null) as Cell);
        const year = y !== null && Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : null;
        const amounts: Partial<Record<Income, number>> = {};
        for (const i of incomeColumns) {
          const n = parseNumber((rec.values[i] ?? null) as Cell);
          if (n === null && text(i) === '') amounts[i] = 0;
          else if (n === null || (i === 'wage' && n < 0))
            at(i, 'BAD_AMOUNT', `「${INCOMES[i][0]}」应为金额（元）`, `${INCOMES[i].at(-1)} must be an amount in yuan`);
          else amounts[i] = n;
        }
        if (year === null) at('year', 'BAD_YEAR', '有收入的行须填写四位年度', 'A row with incomes needs a four-digit year');
        else income = { year, members: members ?? undefined, wage: 0, business: 0, property: 0, transfer: 0, ...amounts };
      }
      if (!villageCode || !code || members === null) continue;
      const hmac = idNumberValid(idNumber) ? blindIndex(idNumber) : null;
      const before = households.get(code);
      if (before) {
        if (before.villageCode !== villageCode || before.name !== head || before.idNumber !== idNumber || (before.phone ?? '') !== phone)
          at(
            null,
            'HOUSEHOLD_MISMATCH',
            `户 ${code} 在第 ${before.row} 行的村社或户主信息与本行不同`,
            `Household ${code} has other village or personal data on row ${before.row}`,
          );
        if (income && before.incomes?.some((x) => x.year === income!.year))
          at(
            'year',
            'DUPLICATE_ROW',
            `户 ${code} 的 ${income.year} 年收入已在前面出现`,
            `The ${income.year} incomes of household ${code} appear already`,
          );
        else if (income) before.incomes!.push(income);
        continue;
      }
      if (hmac) {
        const same = persons.get(hmac);
        if (same && same.household !== code)
          at(
            'idNumber',
            'DUPLICATE_PERSON',
            `该身份证号已在第 ${same.row} 行登记为户 ${same.household}`,
            `This ID number is on row ${same.row} as household ${same.household}`,
          );
        persons.set(hmac, { household: code, row: rec.row });
        const registered = await householdIdByHmacUnscoped(db, hmac);
        if (registered)
          at(
            'idNumber',
            'DUPLICATE_PERSON',
            `该身份证号已登记在户 ${registered.code}`,
            `This ID number is registered in household ${registered.code}`,
          );
      }
      if (await householdByCodeUnscoped(db, code))
        at('household', 'DUPLICATE_HOUSEHOLD', `户编号 ${code} 已存在`, `Household ${code} exists already`);
      households.set(code, {
        row: rec.row,
        code,
        villageCode,
        members,
        name: head,
        idNumber,
        phone: phone || null,
        flags: flags.filter(Boolean),
        measures: text('measures') || undefined,
        incomes: income ? [income] : [],
      });
    }
  }
  if (issues.length)
    throw new AppError(
      'IMPORT_INVALID',
      422,
      {
        zh: `农户文件有 ${issues.length} 处错误，未写入任何数据`,
        en: `The household file has ${issues.length} problems; nothing was written`,
      },
      { issues: reportedIssues(issues), issueCount: issues.length },
    );
  if (households.size === 0) throw new AppError('FILE_EMPTY', 422, { zh: '文件中没有农户', en: 'The file has no households' });
  const list = [...households.values()];
  const report = {
    rows: rowsRead,
    households: list.length,
    incomeYears: [...new Set(list.flatMap((h) => (h.incomes ?? []).map((i) => i.year)))].sort(),
    preview: list.slice(0, 50).map((h) => ({
      code: h.code,
      villageCode: h.villageCode,
      members: h.members,
      name: maskName(h.name),
      idNumber: maskIdNumber(h.idNumber),
    })),
  };
  if (o.dryRun) return { dryRun: true, ...report };
  await createHouseholds(
    db,
    actor,
    list.map(({ row: _row, ...h }) => h),
    { audit: 'rural.households.import' },
  );
  return { dryRun: false, ...report };
}
