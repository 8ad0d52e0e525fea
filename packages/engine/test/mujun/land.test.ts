import { describe, expect, it } from 'vitest';
import { attributeLand, landColumn, type Parcel } from '@gongfu/engine/mujun';

// synthetic enterprises (not real codes): OWNER, T1, T2
describe('land per enterprise from parcels', () => {
  it('owned land counts for the owner; several parcels add up', () => {
    const r = attributeLand([
      { id: 'P1', areaMu: 12, owner: 'OWNER' },
      { id: 'P2', areaMu: 3.5, owner: 'OWNER' },
    ]);
    expect(r.byEnterprise.get('OWNER')).toBe(15.5);
    expect(r.problems).toEqual([]);
  });
  it('leased land counts for the tenant, not the landlord', () => {
    const r = attributeLand([{ id: 'P1', areaMu: 10, owner: 'OWNER', leases: [{ tenant: 'T1', areaMu: 10 }] }]);
    expect(r.byEnterprise.get('T1')).toBe(10);
    expect(r.byEnterprise.has('OWNER')).toBe(false);
    expect(r.shares).toEqual([{ parcel: 'P1', enterprise: 'T1', role: 'tenant', areaMu: 10 }]);
  });
  it('a parcel split between tenants; the owner keeps the remainder', () => {
    // 20 亩: T1 6, T2 8.5 → owner 20 − 14.5 = 5.5
    const r = attributeLand([
      {
        id: 'P1',
        areaMu: 20,
        owner: 'OWNER',
        leases: [
          { tenant: 'T1', areaMu: 6 },
          { tenant: 'T2', areaMu: 8.5 },
        ],
      },
      { id: 'P2', areaMu: 4, owner: 'T1' },
    ]);
    expect(Object.fromEntries(r.byEnterprise)).toEqual({ T1: 10, T2: 8.5, OWNER: 5.5 });
    expect([...r.byEnterprise.values()].reduce((a, b) => a + b, 0)).toBe(24);
    expect(landColumn(['T2', 'OWNER', 'NOLAND'], r.byEnterprise)).toEqual(Float64Array.of(8.5, 5.5, NaN));
  });
  it('an over-leased parcel is a problem (zh/en, parcel id) and is never counted twice', () => {
    const parcels: Parcel[] = [
      {
        id: 'P9',
        areaMu: 10,
        owner: 'OWNER',
        leases: [
          { tenant: 'T1', areaMu: 9 },
          { tenant: 'T2', areaMu: 6 },
        ],
      },
    ];
    const r = attributeLand(parcels);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'OVER_LEASED', parcel: 'P9', details: { areaMu: 10, leasedMu: 15 } });
    expect(r.problems[0].zh).toContain('P9');
    expect(r.problems[0].en).toContain('more than');
    // shared in proportion 9 : 6 of 10 亩 → 6 and 4
    expect(r.byEnterprise.get('T1')).toBeCloseTo(6, 12);
    expect(r.byEnterprise.get('T2')).toBeCloseTo(4, 12);
    expect(r.byEnterprise.has('OWNER')).toBe(false);
  });
  it('invalid areas, invalid leases and repeated parcel ids are problems', () => {
    const r = attributeLand([
      { id: 'A', areaMu: 0, owner: 'OWNER' },
      { id: 'B', areaMu: NaN, owner: 'OWNER' },
      { id: 'C', areaMu: 5, owner: 'OWNER', leases: [{ tenant: 'T1', areaMu: -1 }] },
      { id: 'D', areaMu: 5, owner: 'OWNER' },
      { id: 'D', areaMu: 7, owner: 'T2' },
    ]);
    expect(r.problems.map((p) => [p.code, p.parcel])).toEqual([
      ['INVALID_AREA', 'A'],
      ['INVALID_AREA', 'B'],
      ['INVALID_LEASE', 'C'],
      ['DUPLICATE_PARCEL', 'D'],
    ]);
    expect(Object.fromEntries(r.byEnterprise)).toEqual({ OWNER: 5 });
  });
});
