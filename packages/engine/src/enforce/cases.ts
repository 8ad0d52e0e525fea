/**
 * Enforcement case stages (行政处罚法 ch. 5 程序: 立案 → 调查取证 → 作出决定 → 执行 → 结案), one step
 * forward at a time; 结案 is final. A case may also close early from 立案 or 调查 (不予立案/不予处罚 → 结案).
 */
import { fail } from './errors.js';

export const CASE_STAGES = ['filed', 'investigating', 'decided', 'executing', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

const NEXT: Record<CaseStage, readonly CaseStage[]> = {
  filed: ['investigating', 'closed'],
  investigating: ['decided', 'closed'],
  decided: ['executing'],
  executing: ['closed'],
  closed: [],
};

export function nextStages(from: CaseStage): readonly CaseStage[] {
  return NEXT[from];
}

export function checkCaseTransition(from: CaseStage, to: CaseStage): void {
  if (!NEXT[from].includes(to))
    fail('BAD_TRANSITION', `案件不能从“${from}”转到“${to}”`, `a case cannot move from ${from} to ${to}`, { from, to, allowed: NEXT[from] });
}
