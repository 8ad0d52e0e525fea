/**
 * Land per enterprise from parcels (用地面积, 亩). Rules (docs/reference/mujun.md §2.2, issue 12):
 *   - leased land counts for the tenant, not the landlord;
 *   - one parcel may be split between several tenants; the owner keeps the remainder
 *       owner_p = area_p − Σ_t lease_{p,t}      tenant_t += lease_{p,t}
 *   - an over-leased parcel (Σ leases > area) is a problem; its area is shared among the tenants in
 *     proportion to their leases (lease × area / Σ leases) and the owner keeps nothing, so the
 *     parcel is never counted twice;
 *   - a parcel with a non-positive or missing area, a negative lease, or a repeated id is a problem
 *     and (except a repeated id, whose first occurrence counts) is not attributed.
 * Some counties instead merge tenants into the owner's evaluation (Haining 2023 revision) or let
 * tenants on one parcel share a result (Suichang 2023); those are callers' choices on top of this.
 * Enterprises are keyed by whatever the caller uses (the 统一社会信用代码).
 */

export interface Lease {
  tenant: string;
  areaMu: number;
}

export interface Parcel {
  id: string;
  areaMu: number;
  owner: string;
  leases?: readonly Lease[];
}

export type LandProblemCode = 'OVER_LEASED' | 'INVALID_AREA' | 'INVALID_LEASE' | 'DUPLICATE_PARCEL';

export interface LandProblem {
  code: LandProblemCode;
  parcel: string;
  zh: string;
  en: string;
  details: { areaMu?: number; leasedMu?: number; tenant?: string };
}

export interface LandShare {
  parcel: string;
  enterprise: string;
  role: 'owner' | 'tenant';
  areaMu: number;
}

export interface LandAttribution {
  /** Enterprise → attributed land (亩), in order of first appearance. */
  byEnterprise: Map<string, number>;
  /** Every non-zero share of every parcel. */
  shares: LandShare[];
  problems: LandProblem[];
}

const EPS = 1e-9;

export function attributeLand(parcels: readonly Parcel[]): LandAttribution {
  const byEnterprise = new Map<string, number>();
  const shares: LandShare[] = [];
  const problems: LandProblem[] = [];
  const seen = new Set<string>();
  const add = (parcel: string, enterprise: string, role: LandShare['role'], areaMu: number): void => {
    if (!(areaMu > 0)) return;
    shares.push({ parcel, enterprise, role, areaMu });
    byEnterprise.set(enterprise, (byEnterprise.get(enterprise) ?? 0) + areaMu);
  };
  for (const p of parcels) {
    if (seen.has(p.id)) {
      problems.push({
        code: 'DUPLICATE_PARCEL',
        parcel: p.id,
        zh: `地块 ${p.id} 重复出现，仅计第一次`,
        en: `parcel ${p.id} appears more than once; only the first counts`,
        details: {},
      });
      continue;
    }
    seen.add(p.id);
    if (!(p.areaMu > 0) || !Number.isFinite(p.areaMu)) {
      problems.push({
        code: 'INVALID_AREA',
        parcel: p.id,
        zh: `地块 ${p.id} 面积无效（${p.areaMu}），未计入`,
        en: `parcel ${p.id} has an invalid area (${p.areaMu}) and is not attributed`,
        details: { areaMu: p.areaMu },
      });
      continue;
    }
    const leases = p.leases ?? [];
    const bad = leases.find((l) => !(l.areaMu >= 0) || !Number.isFinite(l.areaMu));
    if (bad) {
      problems.push({
        code: 'INVALID_LEASE',
        parcel: p.id,
        zh: `地块 ${p.id} 对 ${bad.tenant} 的出租面积无效（${bad.areaMu}），地块未计入`,
        en: `parcel ${p.id}: the lease to ${bad.tenant} has an invalid area (${bad.areaMu}); the parcel is not attributed`,
        details: { tenant: bad.tenant, areaMu: bad.areaMu },
      });
      continue;
    }
    let leased = 0;
    for (const l of leases) leased += l.areaMu;
    if (leased > p.areaMu * (1 + EPS) + EPS) {
      problems.push({
        code: 'OVER_LEASED',
        parcel: p.id,
        zh: `地块 ${p.id} 出租合计 ${leased} 亩，超过地块面积 ${p.areaMu} 亩；已按出租比例分摊，出租方不计`,
        en: `parcel ${p.id} is leased for ${leased} mu, more than its ${p.areaMu} mu; shared among tenants in proportion, nothing left to the owner`,
        details: { areaMu: p.areaMu, leasedMu: leased },
      });
      const k = p.areaMu / leased;
      for (const l of leases) add(p.id, l.tenant, l.tenant === p.owner ? 'owner' : 'tenant', l.areaMu * k);
      continue;
    }
    for (const l of leases) add(p.id, l.tenant, l.tenant === p.owner ? 'owner' : 'tenant', l.areaMu);
    add(p.id, p.owner, 'owner', Math.max(0, p.areaMu - leased));
  }
  return { byEnterprise, shares, problems };
}

/** Land per unit in the order of `unitIds` (NaN where an enterprise has no land), for the `land_mu` column. */
export function landColumn(unitIds: readonly string[], byEnterprise: ReadonlyMap<string, number>): Float64Array {
  return Float64Array.from(unitIds, (id) => byEnterprise.get(id) ?? NaN);
}
