import { describe, expect, it } from 'vitest';
import { bd09ToGcj02, convertPoint, gcj02ToBd09, gcj02ToWgs84, haversineMeters, wgs84ToGcj02 } from '@gongfu/engine/geo';

describe('datum conversions', () => {
  it('offsets Keqiao by a few hundred metres and round-trips GCJ-02 within 1 m', () => {
    for (let i = 0; i < 200; i++) {
      const lon = 118 + ((i * 37) % 100) / 20; // 118..123 (Zhejiang)
      const lat = 27 + ((i * 53) % 80) / 20; // 27..31
      const [gx, gy] = wgs84ToGcj02(lon, lat);
      const shift = haversineMeters(lon, lat, gx, gy);
      expect(shift).toBeGreaterThan(50);
      expect(shift).toBeLessThan(1000);
      const [wx, wy] = gcj02ToWgs84(gx, gy);
      expect(haversineMeters(lon, lat, wx, wy)).toBeLessThan(1);
    }
  });

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02(7.42, 43.73)).toEqual([7.42, 43.73]);
    expect(gcj02ToWgs84(24.94, 60.17)).toEqual([24.94, 60.17]);
  });

  it('round-trips BD-09 and chains through GCJ-02', () => {
    const [bx, by] = gcj02ToBd09(120.49, 30.08);
    const [gx, gy] = bd09ToGcj02(bx, by);
    expect(haversineMeters(120.49, 30.08, gx, gy)).toBeLessThan(1);
    const w = convertPoint(bx, by, 'bd09', 'wgs84');
    const back = convertPoint(w[0], w[1], 'wgs84', 'bd09');
    expect(haversineMeters(bx, by, back[0], back[1])).toBeLessThan(1);
  });

  it('haversine matches a known distance (1° of latitude ≈ 111.2 km)', () => {
    expect(haversineMeters(120, 30, 120, 31)).toBeCloseTo(111195, -1);
  });
});
