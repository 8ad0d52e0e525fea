/**
 * Great-circle distance by the haversine formula on a sphere of radius 6,371,008.8 m
 * (IUGG mean Earth radius, as turf uses). Error versus the ellipsoid is below 0.5 %.
 */
export const EARTH_RADIUS_M = 6371008.8;

export function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
