import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessError, importOsmNetwork, parseMaxspeed, readOsmPbf, type OsmHandler } from '@gongfu/engine/circles';
import { haversineMeters } from '@gongfu/engine/geo';

const monaco = new Uint8Array(readFileSync(new URL('../../../server/seed/osm/monaco.osm.pbf', import.meta.url)));
const helsinki = new Uint8Array(readFileSync(new URL('../../../server/seed/osm/helsinki.osm.pbf', import.meta.url)));

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function errorOf(p: Promise<unknown>): Promise<AccessError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AccessError);
    const ae = e as AccessError;
    expect(ae.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(ae.en).toMatch(/[a-z]/);
    return ae;
  }
  throw new Error('expected an AccessError');
}

describe('OSM PBF import', () => {
  it('reads every node, way and relation of the Monaco extract', async () => {
    let nodes = 0;
    let ways = 0;
    let tagged = 0;
    const handler: OsmHandler = {
      node: (_id, lon, lat, tags) => {
        nodes++;
        if (tags.length > 0) tagged++;
        expect(lon).toBeGreaterThan(7.3);
        expect(lat).toBeGreaterThan(43.6);
      },
      way: (_id, refs) => {
        ways++;
        expect(refs.length).toBeGreaterThan(0);
      },
    };
    const s = await readOsmPbf(monaco, handler);
    expect([s.nodes, s.ways, s.relations]).toEqual([14286, 3346, 46]);
    expect(nodes).toBe(14286);
    expect(ways).toBe(3346);
    expect(tagged).toBeGreaterThan(0);
    expect(s.bbox![0]).toBeCloseTo(7.405, 2);
  });

  it('builds the walking network: split at intersections, haversine lengths, largest component', async () => {
    const { network: net, summary, facilities } = await importOsmNetwork(monaco);
    expect(summary.nodes).toBe(net.nodeCount);
    expect(summary.largestComponentNodes).toBe(net.nodeCount);
    expect(summary.components).toBeGreaterThan(1);
    expect(net.nodeCount).toBeGreaterThan(4000);
    expect(facilities.every((f) => f.category === 'public_transport')).toBe(true);
    for (let e = 0; e < net.edgeCount; e++) {
      let len = 0;
      const g0 = net.geomOffset[e];
      const g1 = net.geomOffset[e + 1];
      expect(g1 - g0).toBeGreaterThanOrEqual(2);
      expect(net.geomLon[g0]).toBe(net.nodeLon[net.edgeFrom[e]]);
      expect(net.geomLat[g1 - 1]).toBe(net.nodeLat[net.edgeTo[e]]);
      for (let k = g0; k < g1 - 1; k++) len += haversineMeters(net.geomLon[k], net.geomLat[k], net.geomLon[k + 1], net.geomLat[k + 1]);
      expect(net.edgeLengthM[e]).toBeCloseTo(len, 6);
      expect(net.edgeTimeFwd[e]).toBeCloseTo(len / (5 / 3.6), 6); // 5 km/h
      expect(net.edgeFrom[e]).not.toBe(net.edgeTo[e]);
    }
  });

  it('streams: 4 KiB chunks give the same network as one buffer', async () => {
    const a = await importOsmNetwork(helsinki);
    const b = await importOsmNetwork(chunks(helsinki, 4096));
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(Buffer.from(b.network.inCost.buffer).equals(Buffer.from(a.network.inCost.buffer))).toBe(true);
    expect(b.facilities).toEqual(a.facilities);
  });

  it('maps Helsinki OSM tags to project categories (nodes and way centroids)', async () => {
    const { facilities } = await importOsmNetwork(helsinki);
    const cats = new Set(facilities.map((f) => f.category));
    for (const c of ['education', 'health', 'culture', 'sports', 'commerce', 'public_transport']) expect(cats.has(c)).toBe(true);
    expect(facilities.some((f) => f.osmType === 'way')).toBe(true);
    const lib = facilities.find((f) => f.tag === 'amenity=library');
    expect(lib).toBeDefined();
  });

  it('driving keeps fewer ways, honours oneway and maxspeed', async () => {
    const walk = await importOsmNetwork(helsinki);
    const drive = await importOsmNetwork(helsinki, { mode: 'driving' });
    expect(drive.network.mode).toBe('driving');
    expect(drive.network.edgeCount).toBeLessThan(walk.network.edgeCount);
    let oneway = 0;
    for (let e = 0; e < drive.network.edgeCount; e++)
      if (drive.network.edgeTimeBwd[e] === Infinity || drive.network.edgeTimeFwd[e] === Infinity) oneway++;
    expect(oneway).toBeGreaterThan(0);
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('walk')).toBe(5);
    expect(parseMaxspeed('60;40')).toBe(60);
    expect(parseMaxspeed('none')).toBeNaN();
  });

  it('reports truncated, corrupt, empty and non-OSM input with typed errors', async () => {
    expect((await errorOf(importOsmNetwork(monaco.slice(0, Math.floor(monaco.length / 2))))).code).toBe('PBF_TRUNCATED');
    expect((await errorOf(importOsmNetwork(monaco.slice(0, monaco.length - 3)))).code).toBe('PBF_TRUNCATED');
    const corrupt = monaco.slice();
    for (let i = 0; i < 200; i++) corrupt[2000 + i * 7] ^= 0x5a;
    expect((await errorOf(importOsmNetwork(corrupt))).code).toBe('PBF_CORRUPT');
    expect((await errorOf(importOsmNetwork(new Uint8Array(0)))).code).toBe('NOT_OSM');
    expect((await errorOf(importOsmNetwork(new TextEncoder().encode('{"type":"FeatureCollection"}')))).code).toBe('NOT_OSM');
    expect((await errorOf(importOsmNetwork(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])))).code).toBe(
      'NOT_OSM',
    );
    expect((await errorOf(importOsmNetwork(new TextEncoder().encode('<html><body>hi</body></html>')))).code).toBe('NOT_OSM');
  });
});

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <bounds minlat="30" minlon="120" maxlat="30.01" maxlon="120.01"/>
  <node id="1" lat="30.000" lon="120.000"/>
  <node id="2" lat="30.000" lon="120.001"/>
  <node id="3" lat="30.000" lon="120.002"/>
  <node id="4" lat="30.001" lon="120.001"/>
  <node id="5" lat="30.0005" lon="120.0015">
    <tag k="amenity" v="school"/>
    <tag k="name" v="柯桥 &amp; 实验小学"/>
  </node>
  <node id="6" lat="30.0006" lon="120.0016"><tag k="name" v="管墅社区新时代文明实践站"/></node>
  <!-- a comment with <tags> inside -->
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="11"><nd ref="2"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <relation id="20"><member type="way" ref="10" role=""/><tag k="type" v="route"/></relation>
</osm>`;

describe('OSM XML import', () => {
  it('splits ways at the shared node and reads facilities with entities and Chinese names', async () => {
    const { network: net, facilities, summary } = await importOsmNetwork(new TextEncoder().encode(xml));
    expect(summary.read.format).toBe('xml');
    expect([summary.read.nodes, summary.read.ways, summary.read.relations]).toEqual([6, 2, 1]);
    expect(net.nodeCount).toBe(4); // 1, 2 (intersection), 3, 4
    expect(net.edgeCount).toBe(3);
    const total = Array.from(net.edgeLengthM).reduce((a, b) => a + b, 0);
    const expected =
      haversineMeters(120, 30, 120.001, 30) + haversineMeters(120.001, 30, 120.002, 30) + haversineMeters(120.001, 30, 120.001, 30.001);
    expect(total).toBeCloseTo(expected, 6);
    expect(facilities.map((f) => [f.id, f.category, f.name])).toEqual([
      ['n5', 'education', '柯桥 & 实验小学'],
      ['n6', 'civilisation_station', '管墅社区新时代文明实践站'],
    ]);
  });

  it('streams XML in 7-byte chunks and honours oneway when driving', async () => {
    const bytes = new TextEncoder().encode(xml);
    const { network: net } = await importOsmNetwork(chunks(bytes, 7), { mode: 'driving' });
    // the footway is not drivable, so node 2 is no intersection: one edge 1 → 3 through 2
    expect(net.edgeCount).toBe(1);
    expect(net.geomOffset[1] - net.geomOffset[0]).toBe(3);
    for (let e = 0; e < net.edgeCount; e++) {
      expect(net.edgeTimeFwd[e]).toBeLessThan(Infinity);
      expect(net.edgeTimeBwd[e]).toBe(Infinity);
    }
  });

  it('reports malformed, truncated and road-less XML', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect((await errorOf(importOsmNetwork(enc(xml.slice(0, xml.length - 40))))).code).toBe('XML_MALFORMED');
    expect((await errorOf(importOsmNetwork(enc('<osm><node id="1" lat="x" lon="1"/></osm>')))).code).toBe('XML_MALFORMED');
    const noRoads = '<osm version="0.6"><node id="1" lat="30" lon="120"/></osm>';
    expect((await errorOf(importOsmNetwork(enc(noRoads)))).code).toBe('EMPTY_NETWORK');
  });
});
