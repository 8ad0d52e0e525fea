/**
 * Duplicate suggestion: a new report is a likely duplicate of an open case of the same category
 * reported within `maxMetres` (great-circle distance, haversine on a sphere of radius 6 371 008.8 m,
 * the IUGG mean radius) and within `maxMs` before or after it. Nearest first.
 */
import { OPEN_STATES, type EventState } from './transitions.js';

export interface DuplicateCandidate {
  id: string;
  category: string;
  state: EventState;
  lon: number;
  lat: number;
  reportedAt: number;
}

const R = 6_371_008.8;
const rad = (d: number): number => (d * Math.PI) / 180;

/** Haversine distance in metres between two WGS-84 points (lon, lat in degrees). */
export function distanceMetres(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function suggestDuplicates(
  report: { category: string; lon: number; lat: number; reportedAt: number },
  candidates: readonly DuplicateCandidate[],
  limits: { maxMetres: number; maxMs: number },
): { id: string; metres: number }[] {
  const out: { id: string; metres: number }[] = [];
  for (const c of candidates) {
    if (c.category !== report.category || !OPEN_STATES.includes(c.state)) continue;
    if (Math.abs(c.reportedAt - report.reportedAt) > limits.maxMs) continue;
    const metres = distanceMetres(report.lon, report.lat, c.lon, c.lat);
    if (metres <= limits.maxMetres) out.push({ id: c.id, metres });
  }
  return out.sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : 1));
}
