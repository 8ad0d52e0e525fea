/**
 * Chinese datum conversions: WGS-84 ⇄ GCJ-02 (国测局 "Mars" coordinates) ⇄ BD-09 (Baidu).
 *
 * GCJ-02 is WGS-84 plus a deterministic, non-linear offset (the widely published
 * "eviltransform" polynomial, Krasovsky 1940 ellipsoid a = 6378245, ee = 0.00669342162296594323).
 * The forward transform is exact; the inverse has no closed form, so gcj02ToWgs84 iterates
 * x ← x − (f(x) − target) until the residual is below 1e-9° (≈ 0.1 mm); 1 m accuracy needs 2 steps.
 * BD-09 adds Baidu's rotation on top of GCJ-02 (x_pi = π·3000/180).
 * Outside mainland China (rough bbox below) GCJ-02 equals WGS-84, as the official SDKs do.
 */

export type LonLat = readonly [lon: number, lat: number];
export type Datum = 'wgs84' | 'gcj02' | 'bd09';

const A = 6378245.0;
const EE = 0.006693421622965943; // 0.00669342162296594323 in the published algorithm, as a double
const X_PI = (Math.PI * 3000.0) / 180.0;

export function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let x = lon;
  let y = lat;
  for (let i = 0; i < 10; i++) {
    const [fx, fy] = wgs84ToGcj02(x, y);
    const dx = fx - lon;
    const dy = fy - lat;
    x -= dx;
    y -= dy;
    if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) break;
  }
  return [x, y];
}

export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

export function bd09ToGcj02(lon: number, lat: number): [number, number] {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

/** Converts one point between any two of the three datums. */
export function convertPoint(lon: number, lat: number, from: Datum, to: Datum): [number, number] {
  if (from === to) return [lon, lat];
  let p: [number, number] = [lon, lat];
  if (from === 'bd09') p = bd09ToGcj02(p[0], p[1]);
  if (from === 'wgs84') p = wgs84ToGcj02(p[0], p[1]);
  // p is GCJ-02 now
  if (to === 'gcj02') return p;
  if (to === 'bd09') return gcj02ToBd09(p[0], p[1]);
  return gcj02ToWgs84(p[0], p[1]);
}
