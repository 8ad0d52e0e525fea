/** The what-if scenario being edited: facilities to add (held in WGS-84) and facility ids to close. */
import { convertPoint } from '../../../../engine/src/geo/coords';
import type { Datum } from '../../api/circles';

export interface AddedPoint {
  id: string;
  name: string;
  category: string;
  lon: number;
  lat: number;
}

export interface Scenario {
  add: AddedPoint[];
  close: string[];
}

/** Coordinates as entered (any datum) to WGS-84, the datum of the network and the map. */
export function toWgs84(lon: number, lat: number, datum: Datum): [number, number] {
  const [x, y] = convertPoint(lon, lat, datum, 'wgs84');
  return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
}
