/**
 * Finds the 村社 a spreadsheet row names, by code or by name, among the villages in the caller's
 * scope; a code outside the scope, an unknown or ambiguous name, or neither, is a located problem.
 * Shared by the ledger and the household imports.
 */
import type { RecordProblem } from '../tables/issues.js';
import type { VillageRow } from './repository.js';

export type VillageOf = (code: string, name: string, at: RecordProblem<'code' | 'name'>, codeColumn: boolean) => string | undefined;

export function villageLookup(villages: readonly VillageRow[]): VillageOf {
  const byCode = new Set(villages.map((v) => v.code));
  const byName = new Map<string, string[]>();
  for (const v of villages) byName.set(v.name, [...(byName.get(v.name) ?? []), v.code]);
  return (code, name, at, codeColumn) => {
    if (code) {
      if (byCode.has(code)) return code;
      at(
        'code',
        'UNKNOWN_VILLAGE',
        `村社「${code}」不存在或不在你的数据范围内`,
        `Village "${code}" does not exist or is outside your scope`,
      );
      return undefined;
    }
    if (name) {
      const found = byName.get(name) ?? [];
      if (found.length === 1) return found[0];
      if (found.length > 1)
        at('name', 'AMBIGUOUS_VILLAGE', `村社名称「${name}」不唯一，请填写村社编码`, `Village name "${name}" is not unique; give its code`);
      else
        at(
          'name',
          'UNKNOWN_VILLAGE',
          `村社「${name}」不存在或不在你的数据范围内`,
          `Village "${name}" does not exist or is outside your scope`,
        );
      return undefined;
    }
    at(codeColumn ? 'code' : 'name', 'VILLAGE_MISSING', '缺少村社', 'The village is missing');
    return undefined;
  };
}
