/**
 * The synthetic 亩均效益 demo as the files each office would send (.xlsx): the enterprise roster and
 * the land file with one header row at the top (the roster and land importers read them so), and
 * the four bureau files as clerks make them — a title row, a 填报单位/单位 line, the header, the
 * rows, a 合计 row and a footnote — for the platform importer (wide layout: 统一社会信用代码, 年度,
 * one column per indicator named 名称（单位）). Every workbook carries the synthetic-data note in its
 * properties; the bureau files also in a title and a footnote, the roster and land files in the sheet name.
 */
import ExcelJS from 'exceljs';
import type { MujunDemo } from './synthetic.js';

export interface MujunDemoFile {
  name: string;
  bytes: Buffer;
}

type Value = string | number | null;

const ROSTER_HEADER = ['统一社会信用代码', '企业名称', '所属地区', '行业代码', '规模', '所属平台', '经营状态'];
const PARCEL_HEADER = ['地块编号', '所属镇街', '面积（亩）', '权属企业信用代码', '承租企业信用代码', '承租面积（亩）'];

function workbook(note: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongfu 合成演示数据';
  wb.title = '合成演示数据（synthetic）';
  wb.subject = note;
  wb.description = note;
  // fixed dates: the same demo gives the same bytes' content
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  return wb;
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A plain sheet: the header in row 1, then the rows. */
async function plainFile(name: string, sheetName: string, note: string, header: string[], rows: Value[][]): Promise<MujunDemoFile> {
  const wb = workbook(note);
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => (c.width = i < 2 ? 24 : 14));
  return { name, bytes: await bytesOf(wb) };
}

interface BureauSheet {
  name: string;
  title: string;
  office: string;
  /** the 单位 line's unit when every value column has it */
  unit: string | null;
  columns: string[];
  rows: Value[][];
  /** columns (index into `columns`) summed in the 合计 row */
  summed: number[];
}

/** A bureau's sheet: title, 填报单位 line, header, rows, 合计, footnote. */
async function bureauFile(note: string, s: BureauSheet): Promise<MujunDemoFile> {
  const wb = workbook(note);
  const ws = wb.addWorksheet('Sheet1');
  const header = ['统一社会信用代码', '企业名称', '年度', ...s.columns];
  ws.addRow([s.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow([`填报单位：${s.office}${s.unit ? `  单位：${s.unit}` : ''}`]);
  ws.addRow(header).font = { bold: true };
  for (const r of s.rows) ws.addRow(r);
  const total: Value[] = ['合计', null, null, ...s.columns.map(() => null)];
  for (const c of s.summed) {
    let sum = 0;
    for (const r of s.rows) sum += typeof r[3 + c] === 'number' ? (r[3 + c] as number) : 0;
    total[3 + c] = Math.round(sum * 100) / 100;
  }
  if (s.summed.length) ws.addRow(total).font = { bold: true };
  ws.addRow([`注：${note}`]);
  ws.columns.forEach((c, i) => (c.width = i < 2 ? 24 : 16));
  return { name: s.name, bytes: await bytesOf(wb) };
}

/** The six demo files: 企业名册, 用地 and the four bureaus' files. */
export async function mujunDemoFiles(demo: MujunDemo): Promise<MujunDemoFile[]> {
  const { year, note, bureaus } = demo;
  const roster = demo.roster.map((r) => [
    r.creditCode,
    r.name,
    r.townCode,
    r.industry,
    r.scale === 'above' ? '规上' : '规下',
    r.platform,
    r.status === 'operating' ? '在营' : '关停',
  ]);
  const parcels: Value[][] = [];
  for (const p of demo.parcels) {
    if (p.tenants.length === 0) parcels.push([p.parcelCode, p.townCode, p.areaMu, p.ownerCode, null, null]);
    else for (const t of p.tenants) parcels.push([p.parcelCode, p.townCode, p.areaMu, p.ownerCode, t.code, t.areaMu]);
  }
  const head = (r: { creditCode: string; name: string; year: number }): Value[] => [r.creditCode, r.name, r.year];
  return [
    await plainFile('企业名册.xlsx', '企业名册（合成数据）', note, ROSTER_HEADER, roster),
    await plainFile('用地.xlsx', '用地（合成数据）', note, PARCEL_HEADER, parcels),
    await bureauFile(note, {
      name: '税务局-实缴税金.xlsx',
      title: `${year}年度工业企业实缴税金明细（合成演示数据）`,
      office: '柯桥区税务局',
      unit: '万元',
      columns: ['实缴税金（万元）'],
      rows: bureaus.tax.map((r) => [...head(r), r.tax]),
      summed: [0],
    }),
    await bureauFile(note, {
      name: '统计局-工业企业.xlsx',
      title: `${year}年度工业企业主要经济指标（合成演示数据）`,
      office: '柯桥区统计局',
      unit: null,
      columns: ['工业增加值（万元）', '营业收入（万元）', '年平均职工人数（人）', 'R&D经费支出（万元）'],
      rows: bureaus.statistics.map((r) => [...head(r), r.valueAdded, r.revenue, r.employees, r.rd]),
      summed: [],
    }),
    await bureauFile(note, {
      name: '供电公司-用电量.xlsx',
      title: `${year}年度工业企业用电量明细（合成演示数据）`,
      office: '国网绍兴市柯桥区供电公司',
      unit: '万千瓦时',
      columns: ['用电量（万千瓦时）'],
      rows: bureaus.power.map((r) => [...head(r), r.electricity]),
      summed: [0],
    }),
    await bureauFile(note, {
      name: '生态环境-能耗排放.xlsx',
      title: `${year}年度工业企业能耗、主要污染物排放及安全环保否决事项（合成演示数据）`,
      office: '绍兴市生态环境局柯桥分局、柯桥区发改局、柯桥区应急管理局',
      unit: null,
      columns: [
        '综合能耗（吨标准煤）',
        '化学需氧量排放量（吨）',
        '氨氮排放量（吨）',
        '二氧化硫排放量（吨）',
        '氮氧化物排放量（吨）',
        '较大及以上安全生产事故（起）',
        '重大环境违法（起）',
      ],
      rows: bureaus.environment.map((r) => [...head(r), r.energy, r.cod, r.nh3n, r.so2, r.nox, r.safetyAccidents, r.envViolations]),
      summed: [],
    }),
  ];
}
