import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEdgeIndex, importOsmNetwork, nearestSegment, snapPoints } from '@gongfu/engine/circles';
import { DLAT, DLON, gridNetwork, LAT0, LON0, rng } from './helpers.js';

describe('snapping to the nearest edge', () => {
  it('projects onto the edge interior, not the nearest node', () => {
    const net = gridNetwork(3, 1, 100); // 0 — 1 — 2 along the east axis
    // 30 m along edge 0→1 and 20 m north of it: nearest node is 0 (36 m) but the edge is 20 m away
    const s = snapPoints(net, [LON0 + 30 * DLON], [LAT0 + 20 * DLAT]);
    expect(s.edge[0]).toBe(0);
    expect(s.fraction[0]).toBeCloseTo(0.3, 3);
    expect(s.distanceM[0]).toBeCloseTo(20, 1);
    expect(s.offTime[0]).toBeCloseTo(20 / (5 / 3.6), 1);
  });

  it('reports points beyond the snap distance instead of moving them', () => {
    const net = gridNetwork(3, 1, 100);
    const s = snapPoints(net, [LON0 + 100 * DLON, LON0 + 100 * DLON], [LAT0 + 299 * DLAT, LAT0 + 301 * DLAT], { maxDistanceM: 300 });
    expect(s.edge[0]).toBeGreaterThanOrEqual(0);
    expect(s.edge[1]).toBe(-1);
    expect(s.distanceM[1]).toBe(Infinity);
  });

  it('the grid index finds the same nearest segment as a linear scan (Monaco, 500 random points)', async () => {
    const { network: net } = await importOsmNetwork(readFileSync(new URL('../../../server/seed/osm/monaco.osm.pbf', import.meta.url)));
    const idx = buildEdgeIndex(net, 50);
    const r = rng(7);
    for (let q = 0; q < 500; q++) {
      const lon = 7.405 + r() * 0.04;
      const lat = 43.723 + r() * 0.031;
      const got = nearestSegment(idx, lon, lat, Infinity);
      // brute force over all segments in the same projection
      const px = lon * idx.kx;
      const py = lat * idx.ky;
      let best = Infinity;
      for (let k = 0; k < idx.x.length - 1; k++) {
        if (idx.segEdge[k] !== idx.segEdge[k + 1] || k + 1 >= net.geomOffset[idx.segEdge[k] + 1]) continue;
        const dx = idx.x[k + 1] - idx.x[k];
        const dy = idx.y[k + 1] - idx.y[k];
        const l2 = dx * dx + dy * dy;
        const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - idx.x[k]) * dx + (py - idx.y[k]) * dy) / l2)) : 0;
        best = Math.min(best, Math.hypot(idx.x[k] + t * dx - px, idx.y[k] + t * dy - py));
      }
      expect(got.planarM).toBeCloseTo(best, 9);
    }
  });
});
