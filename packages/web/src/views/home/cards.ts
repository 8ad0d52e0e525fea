/**
 * The cockpit's card registry: every module's `cards` (views/<module>/module.ts), in their shared
 * order. Registered indicators come first, then the rest of the region's indicators by code.
 */
import type { IndicatorSummaryItem, Observation } from '../../api/types';
import { hasPermission } from '../../composables/useAuth';
import type { UserLike } from '../../router/guard';
import type { CockpitCard, WebModule } from '../../router/module';
import { MODULES } from '../../router/modules';

export function cardRegistry(modules: WebModule[]): CockpitCard[] {
  const cards = modules.flatMap((m) => m.cards ?? []);
  const seen = new Set<string>();
  for (const c of cards) {
    if (seen.has(c.id)) throw new Error(`cockpit card ${c.id} is registered twice`);
    seen.add(c.id);
  }
  return cards.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export const CARDS = cardRegistry(MODULES);

const rank = (cards: CockpitCard[], code: string) => {
  const i = cards.findIndex((c) => c.indicator === code);
  return i === -1 ? cards.length : i;
};

/** Indicator codes in the order of the cards. */
export function orderCodes(codes: string[], cards: CockpitCard[] = CARDS): string[] {
  return [...codes].sort((a, b) => rank(cards, a) - rank(cards, b) || a.localeCompare(b));
}

/** Registered indicators in card order, then the rest by code. */
export function orderCards(items: IndicatorSummaryItem[], cards: CockpitCard[] = CARDS): IndicatorSummaryItem[] {
  return [...items].sort(
    (a, b) => rank(cards, a.indicatorCode) - rank(cards, b.indicatorCode) || a.indicatorCode.localeCompare(b.indicatorCode),
  );
}

/** The summary items the user sees as cards: those of cards they may not see are left out. */
export function cockpitItems(items: IndicatorSummaryItem[], user: UserLike | null, cards: CockpitCard[] = CARDS): IndicatorSummaryItem[] {
  const hidden = new Set(cards.filter((c) => !hasPermission(user, c.permission)).map((c) => c.indicator));
  return orderCards(
    items.filter((i) => !hidden.has(i.indicatorCode)),
    cards,
  );
}

/** The values of the latest period present, highest first (a ranking of the children). */
export function latestPerSubject(rows: Observation[]): Observation[] {
  const latest = rows.reduce((max, o) => (o.period > max ? o.period : max), '');
  return rows.filter((o) => o.period === latest).sort((a, b) => b.value - a.value);
}
