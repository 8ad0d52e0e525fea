/**
 * One value cell of an import read against its indicator: numbers as clerks type them, percentages
 * as Excel stores them (a cell shown as 93.5 % holds 0.935; the reader hands it over as "93.5%") or
 * as typed ("95%"), and the warnings a careful clerk would want before committing: a value outside
 * the indicator's plausible range, or a share typed as a fraction (0.72 for 72 %). A figure with a
 * unit — in the cell ("1.23亿元"), its column's header or a 单位 line above the table — is converted
 * into the indicator's unit when the two convert (units.ts), and refused when they do not.
 */
import type { Indicator } from '../indicators/schema.js';
import { parseNumber, parsePercent, type Cell } from '../tables/reader.js';
import { isEmptyMark } from './layout.js';
import { parseUnit, scaled, splitNumberUnit, unitFactor, type Unit } from './units.js';

/** The unit a value is given in outside its cell: its column's header or row (strict), or a 单位 line above the table (applied only where it converts). */
export interface GivenUnit {
  unit: Unit;
  strict: boolean;
  /** where the unit was read, for the message */
  from: { zh: string; en: string };
}

export interface ValueNote {
  code: string;
  zh: string;
  en: string;
}

export interface ReadValue {
  value: number | null;
  /** why the cell cannot be imported (then value is null) */
  problem?: ValueNote;
  /** what the preview should point out; the value is still imported */
  warnings: ValueNote[];
}

/** A cell as quoted in a problem: dates as days, long text cut (a problem must not repeat a whole 10 MB cell). */
const SHOWN_CHARS = 60;
export const show = (c: Cell) => {
  const text = c instanceof Date ? c.toISOString().slice(0, 10) : String(c ?? '');
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…（${text.length}）` : text;
};

export const isPercentUnit = (unit: string) => ['%', '％', '百分比'].includes(unit.trim());

const unitText = (unit: string) => (unit.trim() ? `「${unit}」` : '（无单位）');

/** The indicator is unknown only when the row names no known indicator; then just the number is read. */
export function readValue(cell: Cell, ind: Indicator | undefined, given: GivenUnit | null = null): ReadValue {
  if (isEmptyMark(cell)) return { value: null, problem: { code: 'VALUE_MISSING', zh: '数值为空', en: 'Value is empty' }, warnings: [] };
  const percent = parsePercent(cell);
  if (percent !== null) {
    if (!ind || isPercentUnit(ind.unit)) return { value: percent, warnings: ind ? rangeWarnings(percent, ind) : [] };
    return {
      value: null,
      problem: {
        code: 'PERCENT_NOT_THE_UNIT',
        zh: `「${show(cell)}」是百分数，而指标 ${ind.code}（${ind.nameZh}）的单位是${unitText(ind.unit)}：请填写该单位的数值`,
        en: `"${show(cell)}" is a percentage, but ${ind.code} (${ind.nameEn}) is measured in ${ind.unit || 'no unit'}: enter the value in that unit`,
      },
      warnings: [],
    };
  }
  let value = parseNumber(cell);
  let unit: GivenUnit | null = given;
  if (value === null && typeof cell === 'string') {
    const split = splitNumberUnit(cell);
    const own = split && parseUnit(split.unit);
    const number = own ? parseNumber(split.number) : null;
    if (own && number !== null) [value, unit] = [number, { unit: own, strict: true, from: { zh: '单元格', en: 'the cell' } }];
  }
  if (value !== null && unit && ind) {
    const factor = unitFactor(unit.unit, ind.unit);
    if (factor === null && unit.strict) {
      return {
        value: null,
        problem: {
          code: 'UNIT_MISMATCH',
          zh: `「${show(cell)}」的单位「${unit.unit.text}」（见${unit.from.zh}）无法换算为指标 ${ind.code}（${ind.nameZh}）的单位${unitText(ind.unit)}：请填写该单位的数值`,
          en: `The unit "${unit.unit.text}" of "${show(cell)}" (from ${unit.from.en}) does not convert into the unit ${ind.unit ? `"${ind.unit}"` : '(none)'} of ${ind.code} (${ind.nameEn}): enter the value in that unit`,
        },
        warnings: [],
      };
    }
    if (factor !== null) value = scaled(value, factor);
  }
  if (value === null && typeof cell === 'string' && cell.startsWith('=')) {
    return {
      value: null,
      problem: {
        code: 'FORMULA_WITHOUT_RESULT',
        zh: `公式「${show(cell)}」没有计算结果：请在 Excel 中打开并保存后再导入`,
        en: `Formula "${show(cell)}" has no computed value: open and save the file in Excel, then import it`,
      },
      warnings: [],
    };
  }
  if (value === null) {
    return {
      value: null,
      problem: { code: 'NOT_A_NUMBER', zh: `「${show(cell)}」不是数字`, en: `"${show(cell)}" is not a number` },
      warnings: [],
    };
  }
  if (!ind) return { value, warnings: [] };
  const warnings = rangeWarnings(value, ind);
  const share = isPercentUnit(ind.unit) && (ind.validMax ?? 0) >= 100;
  if (share && value > 0 && value < 1) {
    const pct = Number((value * 100).toPrecision(15));
    warnings.push({
      code: 'PERCENT_AS_FRACTION',
      zh: `数值 ${value} 看起来是小数形式的比例：指标 ${ind.code}（${ind.nameZh}）以 % 计，${pct}% 应填 ${pct}`,
      en: `${value} looks like a fraction: ${ind.code} (${ind.nameEn}) is in %, so ${pct}% is entered as ${pct}`,
    });
  }
  return { value, warnings };
}

function rangeWarnings(value: number, ind: Indicator): ValueNote[] {
  const min = ind.validMin ?? null;
  const max = ind.validMax ?? null;
  if ((min === null || value >= min) && (max === null || value <= max)) return [];
  const range = `${min ?? '−∞'}–${max ?? '∞'}${isPercentUnit(ind.unit) ? '%' : ind.unit}`;
  return [
    {
      code: 'VALUE_OUT_OF_RANGE',
      zh: `数值 ${value} 超出指标 ${ind.code}（${ind.nameZh}）的合理范围 ${range}：请核对`,
      en: `${value} is outside the plausible range ${range} of ${ind.code} (${ind.nameEn}): please check`,
    },
  ];
}
