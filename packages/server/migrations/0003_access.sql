-- 15分钟公共服务圈 (accessibility): road networks from OSM extracts, facility and resident point sets,
-- and immutable analysis runs. Coordinates are stored in WGS-84 (converted on import).
--
-- Data scope: each network/set/run carries an optional region_code. Rows with a region are visible
-- to actors whose scope covers that region (regionScope on region.path); rows without a region
-- (e.g. the Monaco/Helsinki demos) are visible only to actors with full scope.

create table access_network (
  id bigserial primary key,
  name text not null,
  file_name text not null,
  file_sha256 text not null,
  file_bytes bigint not null,
  mode text not null check (mode in ('walking', 'cycling', 'driving')),
  -- attribution of the extract, e.g. "© OpenStreetMap contributors, ODbL"
  source text not null,
  synthetic boolean not null default false,
  region_code text references region (code),
  -- engine ImportSummary (counts, components, bbox of the file)
  summary jsonb not null,
  -- facilities found in the extract's OSM tags (WGS-84), to create facility sets without re-reading the file
  osm_facilities jsonb not null,
  -- the compact network: gzip of typed-array columns, format in src/access/codec.ts (version byte first)
  graph bytea not null,
  graph_bytes integer not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);

create table access_facility_set (
  id bigserial primary key,
  name text not null,
  -- where the list comes from (file name, "OSM tags of network N", agency …)
  source text not null,
  -- datum of the uploaded coordinates before conversion to WGS-84
  source_datum text not null check (source_datum in ('wgs84', 'gcj02', 'bd09')),
  network_id bigint references access_network (id),
  synthetic boolean not null default false,
  region_code text references region (code),
  item_count integer not null,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table access_facility (
  set_id bigint not null references access_facility_set (id) on delete cascade,
  ext_id text not null,
  name text,
  category text not null,
  lon double precision not null,
  lat double precision not null,
  capacity double precision,
  region_code text,
  -- e.g. "amenity=school" for facilities from OSM tags
  tag text,
  primary key (set_id, ext_id)
);

create table access_resident_set (
  id bigserial primary key,
  name text not null,
  source text not null,
  source_datum text not null check (source_datum in ('wgs84', 'gcj02', 'bd09')),
  network_id bigint references access_network (id),
  synthetic boolean not null default false,
  region_code text references region (code),
  item_count integer not null,
  total_population double precision not null,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table access_resident (
  set_id bigint not null references access_resident_set (id) on delete cascade,
  ext_id text not null,
  lon double precision not null,
  lat double precision not null,
  population double precision not null check (population >= 0),
  region_code text,
  primary key (set_id, ext_id)
);

-- One coverage analysis: inputs, preset and options as given, the engine's report as output.
-- Runs are never changed (the trigger refuses updates); what-if scenarios are not stored.
create table access_run (
  id bigserial primary key,
  network_id bigint not null references access_network (id),
  facility_set_id bigint not null references access_facility_set (id),
  resident_set_id bigint not null references access_resident_set (id),
  preset jsonb not null,
  options jsonb not null,
  report jsonb not null,
  -- true when any input (network, facilities, residents) is synthetic
  synthetic boolean not null,
  region_code text references region (code),
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now()
);
create index access_run_network_idx on access_run (network_id);

create function access_run_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'access_run rows are immutable';
end
$$;
create trigger access_run_no_update before update on access_run
  for each row execute function access_run_immutable();
