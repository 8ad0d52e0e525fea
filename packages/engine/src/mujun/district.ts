/**
 * A region's 亩均 figures from one evaluation, for the indicator catalogue and the cockpit
 * (Zhejiang's 亩均论英雄 reports give these per county and town, docs/reference/mujun.md §1):
 *   规上工业亩均税收   = Σ 实缴税金 / Σ 用地    over rated 规上 firms (万元/亩; ratio of totals, not a mean of ratios)
 *   规上工业亩均增加值 = Σ 工业增加值 / Σ 用地  over rated 规上 firms (万元/亩)
 *   A 类企业占比       = #A / #rated × 100 (%), both groups
 *   D 类企业数         = #D (家)
 *   C、D 类企业用地    = Σ 用地 of C and D firms (亩): the land for 腾退/提升
 * Each town's figures from its own firms, and the whole county's from all of them.
 */

export interface RatedFirm {
  /** the firm's town (its figures are counted there and in the county) */
  region: string;
  scale: 'above' | 'below';
  class: 'A' | 'B' | 'C' | 'D' | null;
  landMu: number | null;
  tax: number | null;
  valueAdded: number | null;
}

export interface DistrictFigures {
  taxPerMuAbove: number | null;
  valueAddedPerMuAbove: number | null;
  shareA: number | null;
  countD: number;
  landCD: number;
  rated: number;
}

function figuresOf(firms: readonly RatedFirm[]): DistrictFigures {
  let tax = 0;
  let taxLand = 0;
  let va = 0;
  let vaLand = 0;
  let rated = 0;
  let a = 0;
  let d = 0;
  let landCD = 0;
  for (const f of firms) {
    if (!f.class) continue;
    rated++;
    if (f.class === 'A') a++;
    if (f.class === 'D') d++;
    const land = f.landMu !== null && Number.isFinite(f.landMu) && f.landMu > 0 ? f.landMu : null;
    if ((f.class === 'C' || f.class === 'D') && land !== null) landCD += land;
    if (f.scale !== 'above' || land === null) continue;
    if (f.tax !== null && Number.isFinite(f.tax)) {
      tax += f.tax;
      taxLand += land;
    }
    if (f.valueAdded !== null && Number.isFinite(f.valueAdded)) {
      va += f.valueAdded;
      vaLand += land;
    }
  }
  return {
    taxPerMuAbove: taxLand > 0 ? tax / taxLand : null,
    valueAddedPerMuAbove: vaLand > 0 ? va / vaLand : null,
    shareA: rated > 0 ? (a / rated) * 100 : null,
    countD: d,
    landCD,
    rated,
  };
}

/** The figures of each town and of the whole (`county`), from the firms' classes as published. */
export function districtFigures(firms: readonly RatedFirm[], county: string): Map<string, DistrictFigures> {
  const byRegion = new Map<string, RatedFirm[]>();
  for (const f of firms) {
    let list = byRegion.get(f.region);
    if (!list) byRegion.set(f.region, (list = []));
    list.push(f);
  }
  const out = new Map<string, DistrictFigures>();
  for (const [region, list] of [...byRegion].sort(([x], [y]) => (x < y ? -1 : 1))) out.set(region, figuresOf(list));
  out.set(county, figuresOf(firms));
  return out;
}
