/**
 * Coordinate mapping over GeoJSON geometries, features and collections, returning new objects.
 * Positions keep any third (altitude) member untouched.
 */
import { convertPoint, type Datum } from './coords.js';

export type Position = number[];
export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}
export interface Feature {
  type: 'Feature';
  id?: string | number;
  properties: Record<string, unknown> | null;
  geometry: Geometry | null;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

function mapCoords(coords: unknown, fn: (p: Position) => Position): unknown {
  if (Array.isArray(coords) && typeof coords[0] === 'number') return fn(coords as Position);
  if (Array.isArray(coords)) return coords.map((c) => mapCoords(c, fn));
  return coords;
}

export function mapGeometry(geometry: Geometry, fn: (p: Position) => Position): Geometry {
  if (geometry.type === 'GeometryCollection') {
    return { type: geometry.type, geometries: (geometry.geometries ?? []).map((g) => mapGeometry(g, fn)) };
  }
  return { type: geometry.type, coordinates: mapCoords(geometry.coordinates, fn) };
}

export function convertGeometry(geometry: Geometry, from: Datum, to: Datum): Geometry {
  if (from === to) return geometry;
  return mapGeometry(geometry, (p) => {
    const [x, y] = convertPoint(p[0], p[1], from, to);
    return p.length > 2 ? [x, y, ...p.slice(2)] : [x, y];
  });
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of a geometry, or null when it has no positions. */
export function bbox(geometry: Geometry): [number, number, number, number] | null {
  const box = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  mapGeometry(geometry, (p) => {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
    return p;
  });
  return Number.isFinite(box[0]) ? box : null;
}
