/**
 * SQL for access networks, facility/resident sets and analysis runs (migration 0003_access.sql).
 * Reads apply the actor's data scope through `inScope` (see the migration: rows without a region are
 * visible only to actors with full scope, and to their creator under own-rows scope). Reads by id of
 * a network's or a set's bulk content are unscoped by name: the service checks the row's metadata first.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/actor.js';
import { inScope } from '../auth/scope.js';
import { isoTime, one, rows, type Db } from '../db/store.js';

export interface NetworkMeta {
  id: number;
  name: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  mode: 'walking' | 'cycling' | 'driving';
  source: string;
  synthetic: boolean;
  regionCode: string | null;
  summary: Record<string, unknown>;
  graphBytes: number;
  osmFacilityCount: number;
  uploadedBy: string;
  uploadedAt: string;
}

const NETWORK_COLUMNS = sql`n.id, n.name, n.file_name as "fileName", n.file_sha256 as "fileSha256", n.file_bytes as "fileBytes",
  n.mode, n.source, n.synthetic, n.region_code as "regionCode", n.summary, n.graph_bytes as "graphBytes",
  jsonb_array_length(n.osm_facilities) as "osmFacilityCount", n.uploaded_by as "uploadedBy", ${isoTime(sql`n.uploaded_at`)} as "uploadedAt"`;

export async function insertNetworkUnscoped(
  db: Db,
  n: Omit<NetworkMeta, 'id' | 'uploadedAt' | 'osmFacilityCount' | 'graphBytes'> & { graph: Buffer; osmFacilities: unknown[] },
): Promise<number> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into access_network (name, file_name, file_sha256, file_bytes, mode, source, synthetic, region_code, summary,
          osm_facilities, graph, graph_bytes, uploaded_by)
        values (${n.name}, ${n.fileName}, ${n.fileSha256}, ${n.fileBytes}, ${n.mode}, ${n.source}, ${n.synthetic}, ${n.regionCode},
          ${JSON.stringify(n.summary)}::jsonb, ${JSON.stringify(n.osmFacilities)}::jsonb, ${n.graph}, ${n.graph.length}, ${n.uploadedBy})
        returning id`,
  );
  return r.id;
}

export async function listNetworks(db: Db, actor: Actor): Promise<NetworkMeta[]> {
  return rows<NetworkMeta>(
    db,
    sql`select ${NETWORK_COLUMNS} from access_network n where ${inScope(actor, 'access_network', 'n')} order by n.id`,
  );
}

export async function getNetworkMeta(db: Db, actor: Actor, id: number): Promise<NetworkMeta | undefined> {
  return one<NetworkMeta>(
    db,
    sql`select ${NETWORK_COLUMNS} from access_network n where n.id = ${id} and ${inScope(actor, 'access_network', 'n')}`,
  );
}

export async function getNetworkGraphUnscoped(db: Db, id: number): Promise<Uint8Array> {
  const r = await one<{ graph: Uint8Array }>(db, sql`select graph from access_network where id = ${id}`);
  return r!.graph;
}

export async function getOsmFacilitiesUnscoped<T>(db: Db, id: number): Promise<T[]> {
  const r = await one<{ f: T[] | string }>(db, sql`select osm_facilities as f from access_network where id = ${id}`);
  return typeof r!.f === 'string' ? JSON.parse(r!.f) : r!.f;
}

export type SetKind = 'facility' | 'resident';

export interface PointSetMeta {
  id: number;
  kind: SetKind;
  name: string;
  source: string;
  sourceDatum: 'wgs84' | 'gcj02' | 'bd09';
  networkId: number | null;
  synthetic: boolean;
  regionCode: string | null;
  itemCount: number;
  totalPopulation: number | null;
  createdBy: string;
  createdAt: string;
}

const setTable = (kind: SetKind) => (kind === 'facility' ? 'access_facility_set' : 'access_resident_set');
const table = (kind: SetKind) => sql.raw(setTable(kind));
const setColumns = (kind: SetKind) =>
  sql`s.id, ${kind} as kind, s.name, s.source, s.source_datum as "sourceDatum", s.network_id as "networkId", s.synthetic,
      s.region_code as "regionCode", s.item_count as "itemCount",
      ${kind === 'resident' ? sql`s.total_population` : sql`null::float8`} as "totalPopulation",
      s.created_by as "createdBy", ${isoTime(sql`s.created_at`)} as "createdAt"`;

export async function listSets(db: Db, actor: Actor, kind: SetKind): Promise<PointSetMeta[]> {
  return rows<PointSetMeta>(
    db,
    sql`select ${setColumns(kind)} from ${table(kind)} s where ${inScope(actor, setTable(kind), 's')} order by s.id`,
  );
}

export async function getSet(db: Db, actor: Actor, kind: SetKind, id: number): Promise<PointSetMeta | undefined> {
  return one<PointSetMeta>(
    db,
    sql`select ${setColumns(kind)} from ${table(kind)} s where s.id = ${id} and ${inScope(actor, setTable(kind), 's')}`,
  );
}

export interface SetHeader {
  name: string;
  source: string;
  sourceDatum: 'wgs84' | 'gcj02' | 'bd09';
  networkId: number | null;
  synthetic: boolean;
  regionCode: string | null;
  createdBy: string;
}

export interface FacilityRow {
  id: string;
  name: string | null;
  category: string;
  lon: number;
  lat: number;
  capacity: number | null;
  region: string | null;
  tag: string | null;
}

export interface ResidentRow {
  id: string;
  lon: number;
  lat: number;
  population: number;
  region: string | null;
}

const CHUNK = 20_000;

export async function insertFacilitySetUnscoped(db: Db, h: SetHeader, items: FacilityRow[]): Promise<number> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into access_facility_set (name, source, source_datum, network_id, synthetic, region_code, item_count, created_by)
        values (${h.name}, ${h.source}, ${h.sourceDatum}, ${h.networkId}, ${h.synthetic}, ${h.regionCode}, ${items.length}, ${h.createdBy})
        returning id`,
  );
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK);
    await db.execute(sql`
      insert into access_facility (set_id, ext_id, name, category, lon, lat, capacity, region_code, tag)
      select ${r.id}, ext_id, name, category, lon, lat, capacity, region_code, tag
      from unnest(${sql.param(part.map((f) => f.id))}::text[], ${sql.param(part.map((f) => f.name))}::text[],
                  ${sql.param(part.map((f) => f.category))}::text[], ${sql.param(part.map((f) => f.lon))}::float8[],
                  ${sql.param(part.map((f) => f.lat))}::float8[], ${sql.param(part.map((f) => f.capacity))}::float8[],
                  ${sql.param(part.map((f) => f.region))}::text[], ${sql.param(part.map((f) => f.tag))}::text[])
           as n(ext_id, name, category, lon, lat, capacity, region_code, tag)`);
  }
  return r.id;
}

export async function insertResidentSetUnscoped(db: Db, h: SetHeader, items: ResidentRow[]): Promise<number> {
  const total = items.reduce((s, r) => s + r.population, 0);
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into access_resident_set (name, source, source_datum, network_id, synthetic, region_code, item_count, total_population, created_by)
        values (${h.name}, ${h.source}, ${h.sourceDatum}, ${h.networkId}, ${h.synthetic}, ${h.regionCode}, ${items.length},
          ${Math.round(total * 100) / 100}, ${h.createdBy})
        returning id`,
  );
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK);
    await db.execute(sql`
      insert into access_resident (set_id, ext_id, lon, lat, population, region_code)
      select ${r.id}, ext_id, lon, lat, population, region_code
      from unnest(${sql.param(part.map((x) => x.id))}::text[], ${sql.param(part.map((x) => x.lon))}::float8[],
                  ${sql.param(part.map((x) => x.lat))}::float8[], ${sql.param(part.map((x) => x.population))}::float8[],
                  ${sql.param(part.map((x) => x.region))}::text[])
           as n(ext_id, lon, lat, population, region_code)`);
  }
  return r.id;
}

export async function facilityItemsUnscoped(db: Db, setId: number): Promise<FacilityRow[]> {
  return rows<FacilityRow>(
    db,
    sql`select ext_id as id, name, category, lon, lat, capacity, region_code as region, tag
        from access_facility where set_id = ${setId} order by ext_id`,
  );
}

export async function residentItemsUnscoped(db: Db, setId: number): Promise<ResidentRow[]> {
  return rows<ResidentRow>(
    db,
    sql`select ext_id as id, lon, lat, population, region_code as region from access_resident where set_id = ${setId} order by ext_id`,
  );
}

export interface RunRow {
  id: number;
  networkId: number;
  facilitySetId: number;
  residentSetId: number;
  preset: unknown;
  options: Record<string, unknown>;
  report: unknown;
  synthetic: boolean;
  regionCode: string | null;
  note: string;
  createdBy: string;
  createdAt: string;
}

const runColumns = (withReport: boolean): SQL =>
  sql`r.id, r.network_id as "networkId", r.facility_set_id as "facilitySetId", r.resident_set_id as "residentSetId",
      r.preset, r.options, ${withReport ? sql`r.report` : sql`null::jsonb`} as report, r.synthetic, r.region_code as "regionCode",
      r.note, r.created_by as "createdBy", ${isoTime(sql`r.created_at`)} as "createdAt"`;

export async function insertRunUnscoped(db: Db, r: Omit<RunRow, 'id' | 'createdAt'>): Promise<number> {
  const [x] = await rows<{ id: number }>(
    db,
    sql`insert into access_run (network_id, facility_set_id, resident_set_id, preset, options, report, synthetic, region_code, note, created_by)
        values (${r.networkId}, ${r.facilitySetId}, ${r.residentSetId}, ${JSON.stringify(r.preset)}::jsonb, ${JSON.stringify(r.options)}::jsonb,
          ${JSON.stringify(r.report)}::jsonb, ${r.synthetic}, ${r.regionCode}, ${r.note}, ${r.createdBy})
        returning id`,
  );
  return x.id;
}

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function getRun(db: Db, actor: Actor, id: number, withReport = true): Promise<RunRow | undefined> {
  const r = await one<RunRow>(
    db,
    sql`select ${runColumns(withReport)} from access_run r where r.id = ${id} and ${inScope(actor, 'access_run', 'r')}`,
  );
  if (r) {
    r.preset = parseJson(r.preset);
    r.options = parseJson(r.options);
    r.report = parseJson(r.report);
  }
  return r;
}

export interface RunFilter {
  networkId?: number;
  facilitySetId?: number;
  residentSetId?: number;
}

function runConditions(actor: Actor, f: RunFilter) {
  const c = [inScope(actor, 'access_run', 'r')];
  if (f.networkId !== undefined) c.push(sql`r.network_id = ${f.networkId}`);
  if (f.facilitySetId !== undefined) c.push(sql`r.facility_set_id = ${f.facilitySetId}`);
  if (f.residentSetId !== undefined) c.push(sql`r.resident_set_id = ${f.residentSetId}`);
  return sql.join(c, sql` and `);
}

/** A page of the stored runs (without reports) in scope, newest first. */
export async function listRuns(db: Db, actor: Actor, f: RunFilter, w: { limit: number; offset: number }): Promise<RunRow[]> {
  const list = await rows<RunRow>(
    db,
    sql`select ${runColumns(false)} from access_run r where ${runConditions(actor, f)} order by r.id desc limit ${w.limit} offset ${w.offset}`,
  );
  for (const r of list) {
    r.preset = parseJson(r.preset);
    r.options = parseJson(r.options);
  }
  return list;
}

export async function countRuns(db: Db, actor: Actor, f: RunFilter): Promise<number> {
  return (await one<{ n: number }>(db, sql`select count(*)::int as n from access_run r where ${runConditions(actor, f)}`))!.n;
}
