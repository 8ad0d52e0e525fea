/** The `mapping` and `columns` query parameters of an import (POST /imports, a task's submission): JSON, checked here. */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { NameMapping } from './mapping.js';

const Name = z.string().min(1).max(200);
const NameMappingJson = z.strictObject({
  regions: z.record(Name, z.string().max(20)).optional(),
  indicators: z.record(Name, z.string().max(100)).optional(),
});
const ColumnsJson = z.record(z.string().min(1).max(300), z.string().min(1).max(100));
const HeaderRowsJson = z.record(z.string().min(1).max(300), z.number().int().min(1).max(1_048_576));

export const mappingQuery = z
  .string()
  .max(20_000)
  .optional()
  .describe(
    'JSON of names the clerk confirms, e.g. {"regions":{"柯桥镇老":"330603001000"},"indicators":{"人均收入":"INCOME_PC"}}; ' +
      'applied to this import and, when it is written, saved for its source (audited as import.mapping)',
  );

export const columnsQuery = z
  .string()
  .max(20_000)
  .optional()
  .describe(
    'JSON of column roles set in the mapping step, applied before validation: {"<sheet>!<letter>": "<indicator code>" | "ignore" | ' +
      '"subject" | "subjectName" | "period"} ("<letter>" alone: every sheet); an indicator set for a column is saved for the source under its header text',
  );

export const headerRowsQuery = z
  .string()
  .max(5_000)
  .optional()
  .describe(
    'JSON of the header row the clerk chose per sheet, applied instead of the one found: {"<sheet>": <row number>} ("*": every sheet)',
  );

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text!);
  } catch {
    return undefined;
  }
}

export function parseMapping(text: string | undefined): NameMapping | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const result = NameMappingJson.safeParse(parseJson(text));
  if (!result.success)
    throw new AppError('BAD_MAPPING', 400, {
      zh: 'mapping 参数应为 JSON：{"regions":{"名称":"地区代码"},"indicators":{"名称":"指标代码"}}',
      en: 'mapping must be JSON: {"regions":{"name":"region code"},"indicators":{"name":"indicator code"}}',
    });
  return result.data;
}

export function parseColumns(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const result = ColumnsJson.safeParse(parseJson(text));
  if (!result.success)
    throw new AppError('BAD_COLUMNS', 400, {
      zh: 'columns 参数应为 JSON：{"工作表!列号":"指标代码 或 ignore/subject/subjectName/period"}',
      en: 'columns must be JSON: {"sheet!letter":"indicator code or ignore/subject/subjectName/period"}',
    });
  return result.data;
}

export function parseHeaderRows(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const result = HeaderRowsJson.safeParse(parseJson(text));
  if (!result.success)
    throw new AppError('BAD_HEADER_ROWS', 400, {
      zh: 'headerRows 参数应为 JSON：{"工作表":行号}，"*" 表示所有工作表',
      en: 'headerRows must be JSON: {"sheet": row number}, "*" for every sheet',
    });
  return result.data;
}
