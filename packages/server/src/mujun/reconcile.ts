/**
 * The reconciliation report (数据比对) read before anything is scored: roster firms missing a
 * bureau's data, firms without land, land whose holder or tenant is not in the roster (with the
 * closest roster names), roster names that appear twice, firms without a group. Codes the bureaus
 * sent that are not in the roster never get this far: the importer refuses them, row by row.
 */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { readInputs, type Firm } from './inputs.js';

export interface FirmRef {
  code: string;
  name: string;
  town: string;
}

export interface Reconciliation {
  year: number;
  enterprises: number;
  operating: number;
  missing: { source: 'tax' | 'statistics' | 'power' | 'environment'; firms: FirmRef[]; total: number }[];
  withoutLand: { firms: FirmRef[]; total: number };
  withoutScale: { firms: FirmRef[]; total: number };
  landWithoutEnterprise: {
    parcel: string;
    town: string;
    areaMu: number;
    code: string | null;
    role: 'owner' | 'tenant';
    closest: string[];
  }[];
  duplicateNames: { name: string; codes: string[] }[];
}

const LISTED = 200;
const nameKey = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').replace(/[（(]/g, '(').replace(/[）)]/g, ')');

function listOf(firms: Firm[], towns: Map<string, string>) {
  return {
    total: firms.length,
    firms: firms
      .slice(0, LISTED)
      .map((f) => ({ code: f.enterprise.code, name: f.enterprise.name, town: towns.get(f.townCode) ?? f.enterprise.regionName })),
  };
}

export async function reconcile(db: Db, actor: Actor, year: number): Promise<Reconciliation> {
  const { firms, parcels, townNames } = await readInputs(db, actor, year);
  const operating = firms.filter((f) => !f.closed);
  const above = operating.filter((f) => f.scale === 'above');
  const codes = new Set(firms.map((f) => f.enterprise.code));
  const names = firms.map((f) => f.enterprise.name);
  const landWithoutEnterprise: Reconciliation['landWithoutEnterprise'] = [];
  for (const p of parcels) {
    const town = townNames.get(p.regionCode) ?? p.regionCode;
    if (!p.ownerCode || !codes.has(p.ownerCode))
      landWithoutEnterprise.push({ parcel: p.parcelCode, town, areaMu: p.areaMu, code: p.ownerCode, role: 'owner', closest: [] });
    for (const l of p.leases)
      if (!codes.has(l.tenant))
        landWithoutEnterprise.push({
          parcel: p.parcelCode,
          town,
          areaMu: l.areaMu,
          code: l.tenant,
          role: 'tenant',
          closest: closestCodes(l.tenant, firms),
        });
  }
  for (const item of landWithoutEnterprise) if (item.role === 'owner' && item.code) item.closest = closestCodes(item.code, firms);
  const byName = new Map<string, string[]>();
  firms.forEach((f, i) => {
    const k = nameKey(names[i]);
    byName.set(k, [...(byName.get(k) ?? []), f.enterprise.code]);
  });
  return {
    year,
    enterprises: firms.length,
    operating: operating.length,
    missing: [
      {
        source: 'tax' as const,
        ...listOf(
          operating.filter((f) => f.values.tax === undefined),
          townNames,
        ),
      },
      {
        source: 'statistics' as const,
        ...listOf(
          above.filter((f) => f.values.value_added === undefined),
          townNames,
        ),
      },
      {
        source: 'power' as const,
        ...listOf(
          operating.filter((f) => f.scale === 'below' && f.values.electricity === undefined),
          townNames,
        ),
      },
      {
        source: 'environment' as const,
        ...listOf(
          above.filter((f) => f.values.energy_tce === undefined || f.values.emission_t === undefined),
          townNames,
        ),
      },
    ],
    withoutLand: listOf(
      operating.filter((f) => f.landMu === null),
      townNames,
    ),
    withoutScale: listOf(
      operating.filter((f) => !f.scale),
      townNames,
    ),
    landWithoutEnterprise: landWithoutEnterprise.slice(0, LISTED * 2),
    duplicateNames: [...byName].filter(([, c]) => c.length > 1).map(([name, c]) => ({ name, codes: c })),
  };
}

/** Roster firms whose code differs from `code` in at most three characters (a typo and the two check characters it moves). */
function closestCodes(code: string, firms: Firm[]): string[] {
  const out: { label: string; d: number }[] = [];
  for (const f of firms) {
    const c = f.enterprise.code;
    if (c.length !== code.length) continue;
    let d = 0;
    for (let i = 0; i < c.length && d <= 3; i++) if (c[i] !== code[i]) d++;
    if (d <= 3) out.push({ label: `${f.enterprise.name}（${c}）`, d });
  }
  return out
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((o) => o.label);
}
