/**
 * 未来乡村 scenario scoring (illustrative): a village's score = Σ wᵢ · sᵢ / Σ wᵢ over the scenarios
 * it was scored on, each sᵢ in 0–100. The nine scenarios (共富, 人文/悦学, 健康, 优享/数字, 和睦,
 * 畅通, 诗画/低碳, 平安, 党建) follow the seed article and 浙江省《未来乡村建设指引》(2022) "一统三
 * 化九场景"; the equal default weights are illustrative, not the province's assessment method.
 */
import { fail } from './errors.js';

export const FUTURE_SCENARIOS = [
  'prosperity',
  'culture',
  'health',
  'services',
  'harmony',
  'transport',
  'ecology',
  'safety',
  'party',
] as const;
export type FutureScenario = (typeof FUTURE_SCENARIOS)[number];

export const EQUAL_WEIGHTS: Readonly<Record<FutureScenario, number>> = Object.fromEntries(FUTURE_SCENARIOS.map((s) => [s, 1])) as Record<
  FutureScenario,
  number
>;

export function scenarioScore(
  scores: Partial<Record<FutureScenario, number>>,
  weights: Partial<Record<FutureScenario, number>> = EQUAL_WEIGHTS,
): number | null {
  let sum = 0;
  let w = 0;
  for (const s of FUTURE_SCENARIOS) {
    const v = scores[s];
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 0 || v > 100)
      fail('INVALID_ARGUMENT', `场景「${s}」得分应在 0–100`, `Scenario ${s}: score must be 0–100`, { scenario: s });
    const wi = weights[s] ?? 0;
    if (!Number.isFinite(wi) || wi < 0) fail('BAD_WEIGHTS', `场景「${s}」权重无效`, `Scenario ${s}: bad weight`, { scenario: s });
    sum += wi * v;
    w += wi;
  }
  return w > 0 ? sum / w : null;
}
