/**
 * GeoJSON (RFC 7946) views of results for maps: blind-spot clusters as points with their
 * population, residents with their per-category times, and the road network's edges. Output is
 * WGS-84 unless `datum` asks for GCJ-02 / BD-09 (for Chinese base maps), converted with the
 * project's geo/ functions.
 */
import { convertGeometry, type Datum, type Feature, type FeatureCollection } from '../geo/index.js';
import type { AccessReport } from './coverage.js';
import type { IsochroneFeature } from './isochrone.js';
import type { RoadNetwork } from './network.js';

function collection(features: Feature[], datum: Datum): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features:
      datum === 'wgs84'
        ? features
        : features.map((f) => ({ ...f, geometry: f.geometry ? convertGeometry(f.geometry, 'wgs84', datum) : null })),
  };
}

export function blindSpotsToGeoJSON(report: AccessReport, datum: Datum = 'wgs84'): FeatureCollection {
  const features: Feature[] = [];
  for (const level of report.levels) {
    level.blindSpots.forEach((b, i) => {
      features.push({
        type: 'Feature',
        id: `${level.id}:${b.category}:${i + 1}`,
        properties: {
          level: level.id,
          category: b.category,
          population: b.population,
          residents: b.residents.length,
          bbox: b.bbox,
        },
        geometry: { type: 'Point', coordinates: [b.lon, b.lat] },
      });
    });
  }
  return collection(features, datum);
}

export function isochronesToGeoJSON(features: IsochroneFeature[], datum: Datum = 'wgs84'): FeatureCollection {
  return collection(features as unknown as Feature[], datum);
}

/** The network's edges as LineStrings (for checking an import on a map). */
export function networkToGeoJSON(net: RoadNetwork, datum: Datum = 'wgs84'): FeatureCollection {
  const features: Feature[] = [];
  for (let e = 0; e < net.edgeCount; e++) {
    const coords: number[][] = [];
    for (let k = net.geomOffset[e]; k < net.geomOffset[e + 1]; k++) coords.push([net.geomLon[k], net.geomLat[k]]);
    features.push({
      type: 'Feature',
      id: e,
      properties: {
        way: net.edgeWayId[e],
        lengthM: Math.round(net.edgeLengthM[e] * 100) / 100,
        secondsForward: Number.isFinite(net.edgeTimeFwd[e]) ? Math.round(net.edgeTimeFwd[e] * 100) / 100 : null,
        secondsBackward: Number.isFinite(net.edgeTimeBwd[e]) ? Math.round(net.edgeTimeBwd[e] * 100) / 100 : null,
      },
      geometry: { type: 'LineString', coordinates: coords },
    });
  }
  return collection(features, datum);
}
