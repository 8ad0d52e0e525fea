/**
 * The event interface shared by the PBF and XML readers (a SAX-style visitor, as libosmium's
 * handlers and osmium-tool use): one call per node and per way, in file order, with no object
 * kept after the call returns. Relations are not needed for routing and are skipped.
 *
 * Tags are a flat array [k0, v0, k1, v1, …] (empty when the element has none); the arrays
 * passed in may be reused by the reader after the call, so a handler must copy what it keeps.
 */

export type TagList = readonly string[];

export interface OsmHandler {
  node?(id: number, lon: number, lat: number, tags: TagList): void;
  way?(id: number, refs: readonly number[], tags: TagList): void;
}

export interface OsmReadSummary {
  format: 'pbf' | 'xml';
  nodes: number;
  ways: number;
  relations: number;
  /** PBF only: number of OSMData blocks decoded. */
  blocks: number;
  /** Header bounding box [minLon, minLat, maxLon, maxLat] when the file declares one. */
  bbox: [number, number, number, number] | null;
  writingProgram: string | null;
}

export function getTag(tags: TagList, key: string): string | undefined {
  for (let i = 0; i < tags.length; i += 2) if (tags[i] === key) return tags[i + 1];
  return undefined;
}
