/**
 * Road network and facilities from one streaming pass over an OSM file.
 *
 * Pass (file order; PBF and XML both put nodes before ways):
 *  - every node's id and coordinates go to flat typed columns (16 B/node: id as float64,
 *    lon/lat as 1e-7° int32, the precision of OSM itself); tagged nodes matching a facility
 *    rule become facilities at once;
 *  - ways usable by the travel mode (profiles.ts) keep their node-id refs, speed and oneway;
 *    ways matching a facility rule keep their refs for a centroid.
 * Finish (the standard "split ways at intersections" step of OSMnx/osm2pgrouting):
 *  - refs are resolved by binary search over the sorted node ids (missing refs — clipped
 *    extracts — split the way);
 *  - a node becomes a graph node when it ends a way or is used twice or more (intersection);
 *    graph nodes are numbered along a Hilbert curve (hilbert.ts) for memory locality;
 *  - each way is cut at graph nodes into edges whose length is the sum of haversine
 *    distances along the shape points, and whose time is length / speed per direction;
 *  - facility ways get the area centroid of their closed ring (shoelace formula in a local
 *    equirectangular projection), or the mean of their vertices when open or degenerate;
 *  - optionally only the largest connected component is kept (default), as OSMnx does.
 */
import { haversineMeters } from '../geo/index.js';
import type { ByteSource } from './byte-stream.js';
import { connectedComponents, largestComponent } from './components.js';
import { AccessError } from './errors.js';
import { compileFacilityRules, matchFacility, type FacilityTagRule } from './facility-tags.js';
import { f64, i32, i8 } from './growable.js';
import { hilbertOrder } from './hilbert.js';
import { getTag, type OsmHandler, type OsmReadSummary, type TagList } from './osm-handler.js';
import { readOsm } from './osm-read.js';
import { defaultProfile, wayRule, type ModeProfile, type TravelMode } from './profiles.js';
import { networkFromEdges, type RoadNetwork } from './network.js';

export interface OsmFacility {
  /** "n123" for a node, "w456" for a way. */
  id: string;
  osmType: 'node' | 'way';
  osmId: number;
  category: string;
  name: string | null;
  /** The tag that matched, e.g. "amenity=school". */
  tag: string;
  lon: number;
  lat: number;
}

export interface ImportOptions {
  mode?: TravelMode;
  profile?: Partial<ModeProfile>;
  facilityRules?: FacilityTagRule[];
  /** Keep only the largest connected component (default true). */
  largestComponentOnly?: boolean;
  /** Collect facilities (default true). */
  facilities?: boolean;
}

export interface ImportSummary {
  read: OsmReadSummary;
  mode: TravelMode;
  roadWays: number;
  missingNodeRefs: number;
  droppedSelfLoops: number;
  /** Before the largest-component cut. */
  allNodes: number;
  allEdges: number;
  components: number;
  largestComponentNodes: number;
  /** Share of all graph nodes in the largest component. */
  largestComponentShare: number;
  nodes: number;
  edges: number;
  totalLengthKm: number;
  facilities: number;
  facilitiesByCategory: Record<string, number>;
}

export interface ImportResult {
  network: RoadNetwork;
  facilities: OsmFacility[];
  summary: ImportSummary;
}

const toRad = Math.PI / 180;

/** Collects what the network and facility extraction need during the streaming pass. */
export class OsmNetworkCollector implements OsmHandler {
  readonly profile: ModeProfile;
  private readonly rules;
  private readonly wantFacilities: boolean;
  private ids = f64(1 << 16);
  private lon7 = i32(1 << 16);
  private lat7 = i32(1 << 16);
  private sorted = true;
  private lastId = -Infinity;
  // road ways
  private wayRefs = f64(1 << 16);
  private wayStart = i32();
  private waySpeed = f64();
  private wayOneway = i8();
  private wayIds = f64();
  // facility ways
  private fRefs = f64();
  private fStart = i32();
  private fMeta: { osmId: number; category: string; name: string | null; tag: string }[] = [];
  readonly facilities: OsmFacility[] = [];

  constructor(options: ImportOptions = {}) {
    this.profile = defaultProfile(options.mode ?? 'walking', options.profile ?? {});
    this.rules = compileFacilityRules(options.facilityRules);
    this.wantFacilities = options.facilities ?? true;
    this.wayStart.push(0);
    this.fStart.push(0);
  }

  node(id: number, lon: number, lat: number, tags: TagList): void {
    if (id <= this.lastId) this.sorted = false;
    this.lastId = id;
    this.ids.push(id);
    this.lon7.push(Math.round(lon * 1e7));
    this.lat7.push(Math.round(lat * 1e7));
    if (tags.length > 0 && this.wantFacilities) {
      const m = matchFacility(tags, this.rules);
      if (m) {
        this.facilities.push({
          id: `n${id}`,
          osmType: 'node',
          osmId: id,
          category: m.category,
          name: getTag(tags, 'name') ?? null,
          tag: m.tag,
          lon,
          lat,
        });
      }
    }
  }

  way(id: number, refs: readonly number[], tags: TagList): void {
    if (refs.length < 2) return;
    const rule = wayRule(this.profile, (k) => getTag(tags, k));
    if (rule) {
      for (let i = 0; i < refs.length; i++) this.wayRefs.push(refs[i]);
      this.wayStart.push(this.wayRefs.n);
      this.waySpeed.push(rule.speedKmh);
      this.wayOneway.push(rule.oneway);
      this.wayIds.push(id);
    }
    if (this.wantFacilities) {
      const m = matchFacility(tags, this.rules);
      if (m) {
        for (let i = 0; i < refs.length; i++) this.fRefs.push(refs[i]);
        this.fStart.push(this.fRefs.n);
        this.fMeta.push({ osmId: id, category: m.category, name: getTag(tags, 'name') ?? null, tag: m.tag });
      }
    }
  }

  /** Builds the network and the facility list; `read` is the reader's summary. */
  finish(read: OsmReadSummary, largestOnly = true): ImportResult {
    let ids = this.ids.toArray();
    let lon7 = this.lon7.toArray();
    let lat7 = this.lat7.toArray();
    const N = ids.length;
    if (!this.sorted) {
      const order = new Int32Array(N);
      for (let i = 0; i < N; i++) order[i] = i;
      order.sort((a, b) => ids[a] - ids[b]);
      const ids2 = new Float64Array(N);
      const lo2 = new Int32Array(N);
      const la2 = new Int32Array(N);
      for (let i = 0; i < N; i++) {
        ids2[i] = ids[order[i]];
        lo2[i] = lon7[order[i]];
        la2[i] = lat7[order[i]];
      }
      ids = ids2;
      lon7 = lo2;
      lat7 = la2;
    }
    const find = (id: number): number => {
      let lo = 0;
      let hi = N - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = ids[mid];
        if (v < id) lo = mid + 1;
        else if (v > id) hi = mid - 1;
        else return mid;
      }
      return -1;
    };

    // Resolve road refs; -1 marks a missing node.
    const refsIn = this.wayRefs.a;
    const R = this.wayRefs.n;
    const refIdx = new Int32Array(R);
    let missing = 0;
    for (let i = 0; i < R; i++) {
      const k = find(refsIn[i]);
      refIdx[i] = k;
      if (k < 0) missing++;
    }
    const W = this.wayIds.n;
    const wayStart = this.wayStart.a;
    // Count uses; ends of every contiguous run of resolved refs are graph nodes.
    const use = new Uint8Array(N);
    const isVertex = new Uint8Array(N);
    for (let w = 0; w < W; w++) {
      let prev = -1;
      for (let i = wayStart[w]; i < wayStart[w + 1]; i++) {
        const k = refIdx[i];
        if (k < 0) {
          if (prev >= 0) isVertex[prev] = 1;
          prev = -1;
          continue;
        }
        if (k === prev) continue; // duplicated consecutive ref
        if (prev < 0) isVertex[k] = 1;
        if (use[k] < 2) use[k]++;
        if (use[k] >= 2) isVertex[k] = 1;
        prev = k;
      }
      if (prev >= 0) isVertex[prev] = 1;
    }
    // graph nodes numbered along a Hilbert curve (memory locality for searches)
    const vnodes: number[] = [];
    for (let k = 0; k < N; k++) if (isVertex[k] && use[k] > 0) vnodes.push(k);
    const horder = hilbertOrder(
      vnodes.map((k) => lon7[k]),
      vnodes.map((k) => lat7[k]),
    );
    const vid = new Int32Array(N).fill(-1);
    const nv = vnodes.length;
    for (let i = 0; i < nv; i++) vid[vnodes[horder[i]]] = i;
    const vLon = new Float64Array(nv);
    const vLat = new Float64Array(nv);
    const vOsm = new Float64Array(nv);
    for (let k = 0; k < N; k++) {
      const v = vid[k];
      if (v >= 0) {
        vLon[v] = lon7[k] / 1e7;
        vLat[v] = lat7[k] / 1e7;
        vOsm[v] = ids[k];
      }
    }
    // Cut ways into edges.
    const eFrom = i32();
    const eTo = i32();
    const eLen = f64();
    const eFwd = f64();
    const eBwd = f64();
    const eWay = f64();
    const gOff = i32();
    const gLon = f64(1 << 16);
    const gLat = f64(1 << 16);
    gOff.push(0);
    let selfLoops = 0;
    for (let w = 0; w < W; w++) {
      const speedMps = this.waySpeed.a[w] / 3.6;
      const ow = this.wayOneway.a[w];
      let startV = -1;
      let prevK = -1;
      let len = 0;
      const end = wayStart[w + 1];
      for (let i = wayStart[w]; i < end; i++) {
        const k = refIdx[i];
        if (k < 0) {
          startV = -1; // a missing node breaks the way; pending shape points are dropped below
          prevK = -1;
          continue;
        }
        if (k === prevK) continue;
        const lon = lon7[k] / 1e7;
        const lat = lat7[k] / 1e7;
        if (prevK >= 0) len += haversineMeters(lon7[prevK] / 1e7, lat7[prevK] / 1e7, lon, lat);
        const v = vid[k];
        if (v < 0) {
          gLon.push(lon);
          gLat.push(lat);
        } else {
          if (startV >= 0 && startV !== v) {
            gLon.push(lon);
            gLat.push(lat);
            eFrom.push(startV);
            eTo.push(v);
            eLen.push(len);
            const t = len / speedMps;
            eFwd.push(ow === -1 ? Infinity : t);
            eBwd.push(ow === 1 ? Infinity : t);
            eWay.push(this.wayIds.a[w]);
            gOff.push(gLon.n);
          } else if (startV >= 0) selfLoops++;
          // start the next edge's shape at this node
          gLon.n = gOff.a[gOff.n - 1];
          gLat.n = gLon.n;
          gLon.push(lon);
          gLat.push(lat);
          startV = v;
          len = 0;
        }
        prevK = k;
      }
      gLon.n = gOff.a[gOff.n - 1];
      gLat.n = gLon.n;
    }
    const roadNetwork = (): RoadNetwork | null => {
      if (eFrom.n === 0) return null;
      return networkFromEdges({
        mode: this.profile.mode,
        nodeLon: vLon,
        nodeLat: vLat,
        nodeOsmId: vOsm,
        edgeFrom: eFrom.toArray(),
        edgeTo: eTo.toArray(),
        edgeLengthM: eLen.toArray(),
        edgeTimeFwd: eFwd.toArray(),
        edgeTimeBwd: eBwd.toArray(),
        edgeWayId: eWay.toArray(),
        geomOffset: gOff.toArray(),
        geomLon: gLon.toArray(),
        geomLat: gLat.toArray(),
        offNetworkSpeedKmh: this.profile.offNetworkSpeedKmh,
      });
    };
    const full = roadNetwork();
    if (!full) {
      throw new AccessError(
        'EMPTY_NETWORK',
        `路网为空：文件中没有可供"${modeZh(this.profile.mode)}"使用的道路`,
        `The road network is empty: the file has no roads usable for ${this.profile.mode}`,
        { mode: this.profile.mode, ways: read.ways, nodes: read.nodes },
      );
    }
    const info = connectedComponents(full);
    const network = largestOnly ? largestComponent(full, info) : full;
    let kept = 0;
    for (let e = 0; e < network.edgeCount; e++) kept += network.edgeLengthM[e];

    // Facility ways → centroids.
    const facilities = this.facilities.slice();
    const fStart = this.fStart.a;
    for (let f = 0; f < this.fMeta.length; f++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = fStart[f]; i < fStart[f + 1]; i++) {
        const k = find(this.fRefs.a[i]);
        if (k >= 0) {
          xs.push(lon7[k] / 1e7);
          ys.push(lat7[k] / 1e7);
        }
      }
      if (xs.length === 0) continue;
      const c = wayCentroid(xs, ys, this.fRefs.a[fStart[f]] === this.fRefs.a[fStart[f + 1] - 1]);
      const meta = this.fMeta[f];
      facilities.push({
        id: `w${meta.osmId}`,
        osmType: 'way',
        osmId: meta.osmId,
        category: meta.category,
        name: meta.name,
        tag: meta.tag,
        lon: c[0],
        lat: c[1],
      });
    }
    facilities.sort((a, b) => (a.osmType === b.osmType ? a.osmId - b.osmId : a.osmType === 'node' ? -1 : 1));
    const byCat: Record<string, number> = {};
    for (const f of facilities) byCat[f.category] = (byCat[f.category] ?? 0) + 1;
    const sortedCats: Record<string, number> = {};
    for (const k of Object.keys(byCat).sort()) sortedCats[k] = byCat[k];

    return {
      network,
      facilities,
      summary: {
        read,
        mode: this.profile.mode,
        roadWays: W,
        missingNodeRefs: missing,
        droppedSelfLoops: selfLoops,
        allNodes: full.nodeCount,
        allEdges: full.edgeCount,
        components: info.count,
        largestComponentNodes: info.sizes[info.largest],
        largestComponentShare: info.sizes[info.largest] / full.nodeCount,
        nodes: network.nodeCount,
        edges: network.edgeCount,
        totalLengthKm: Math.round(kept) / 1000,
        facilities: facilities.length,
        facilitiesByCategory: sortedCats,
      },
    };
  }
}

function modeZh(mode: TravelMode): string {
  return mode === 'walking' ? '步行' : mode === 'cycling' ? '骑行' : '驾车';
}

/** Area centroid of a closed ring (shoelace, local projection), else the vertex mean. */
export function wayCentroid(lon: number[], lat: number[], closed: boolean): [number, number] {
  const n = lon.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += lon[i];
    my += lat[i];
  }
  mx /= n;
  my /= n;
  if (!closed || n < 4) return [mx, my];
  const kx = Math.cos(my * toRad);
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n - 1; i++) {
    const x0 = (lon[i] - mx) * kx;
    const y0 = lat[i] - my;
    const x1 = (lon[i + 1] - mx) * kx;
    const y1 = lat[i + 1] - my;
    const c = x0 * y1 - x1 * y0;
    a2 += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  if (Math.abs(a2) < 1e-18) return [mx, my];
  return [mx + cx / (3 * a2) / kx, my + cy / (3 * a2)];
}

/** Reads an .osm.pbf or .osm XML stream and returns the network of `mode` plus the facilities. */
export async function importOsmNetwork(src: ByteSource, options: ImportOptions = {}): Promise<ImportResult> {
  const collector = new OsmNetworkCollector(options);
  const read = await readOsm(src, collector);
  return collector.finish(read, options.largestComponentOnly ?? true);
}
