/**
 * 结对帮扶 (support pairing) helpers.
 *
 * Assignment: weak villages, weakest first (lowest 经营性收入, then code), are given in turn to the
 * partner (department or enterprise) with the most remaining capacity (ties: the partner listed
 * first), so each partner's load stays within its capacity and the weakest villages are served
 * first. Villages that already have a partner keep it. This is a helper proposal, not a rule of any
 * document; the district's 结对 list is set by people.
 *
 * Effect: the village's operating income in the years after the pairing started against the year
 * before it: uplift = (income(y) − income(start − 1)) / income(start − 1), and the CAGR since.
 */
import { fail } from './errors.js';
import { annualGrowth } from './ledger.js';

export interface Partner {
  id: string;
  capacity: number;
}

export interface Assignment {
  village: string;
  partner: string;
}

export function assignPairs(
  weak: readonly { village: string; operating: number }[],
  partners: readonly Partner[],
  existing: readonly Assignment[] = [],
): { assigned: Assignment[]; unassigned: string[] } {
  for (const p of partners)
    if (!Number.isInteger(p.capacity) || p.capacity < 0)
      fail('INVALID_ARGUMENT', `帮扶单位 ${p.id} 的容量无效`, `Partner ${p.id}: bad capacity`, { partner: p.id });
  const left = new Map(partners.map((p) => [p.id, p.capacity]));
  const has = new Set(existing.map((e) => e.village));
  for (const e of existing) if (left.has(e.partner)) left.set(e.partner, left.get(e.partner)! - 1);
  const queue = weak.filter((w) => !has.has(w.village)).sort((a, b) => a.operating - b.operating || (a.village < b.village ? -1 : 1));
  const assigned: Assignment[] = [];
  const unassigned: string[] = [];
  for (const w of queue) {
    let best: string | null = null;
    for (const p of partners) if (left.get(p.id)! > 0 && (best === null || left.get(p.id)! > left.get(best)!)) best = p.id;
    if (best === null) unassigned.push(w.village);
    else {
      assigned.push({ village: w.village, partner: best });
      left.set(best, left.get(best)! - 1);
    }
  }
  return { assigned, unassigned };
}

export interface PairingEffect {
  baseYear: number;
  base: number | null;
  years: { year: number; value: number; uplift: number | null }[];
  /** CAGR from the base year to the last year with a value */
  annualGrowth: number | null;
}

export function pairingEffect(startYear: number, incomeByYear: ReadonlyMap<number, number>): PairingEffect {
  const baseYear = startYear - 1;
  const base = incomeByYear.get(baseYear) ?? null;
  const years = [...incomeByYear.entries()]
    .filter(([y]) => y >= startYear)
    .sort((a, b) => a[0] - b[0])
    .map(([year, value]) => ({ year, value, uplift: base !== null && base > 0 ? (value - base) / base : null }));
  const last = years.at(-1);
  return {
    baseYear,
    base,
    years,
    annualGrowth: base !== null && last ? annualGrowth(base, last.value, last.year - baseYear) : null,
  };
}
