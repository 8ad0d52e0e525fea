/**
 * Reading a 100,000-row workbook (exceljs-written, 15 columns, shared strings): the hand-written reader
 * (tables/xlsx-read.ts) or, with `old`, the exceljs streaming path it replaced (test/old-xlsx-reader.ts).
 * Run: node --expose-gc --import tsx bench/xlsx-read.ts [new|old]
 */
import ExcelJS from 'exceljs';
import { readXlsxSheets } from '../packages/server/src/tables/xlsx-read.js';
const which = process.argv[2];
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('单位');
ws.addRow(['编码', '名称', '镇街', ...Array.from({ length: 12 }, (_, i) => `指标${i}`)]);
for (let i = 0; i < 100000; i++)
  ws.addRow([
    `U${i}`,
    `柯桥区第${i}号企业`,
    ['柯桥街道', '湖塘街道', '华舍街道'][i % 3],
    ...Array.from({ length: 12 }, (_, k) => ((i * 7 + k) % 1000) / 10),
  ]);
const bytes = Buffer.from(await wb.xlsx.writeBuffer());
if (global.gc) global.gc();
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const t = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
let rows: number;
if (which === 'old') {
  const { oldReadXlsx } = await import('../packages/server/test/old-xlsx-reader.js');
  rows = (await oldReadXlsx(bytes))[0].rows.length;
} else rows = (await readXlsxSheets(bytes))[0].rows.length;
const ms = performance.now() - started;
clearInterval(t);
console.log(
  `${which}: ${(bytes.length / 1e6).toFixed(1)} MB xlsx, ${rows} rows in ${ms.toFixed(0)} ms; RSS before ${(rss0 / 1e6).toFixed(0)} MB, peak ${(peak / 1e6).toFixed(0)} MB`,
);
