-- The schematic tile map (示意图) of places without outlines: a centroid per region, uploaded as a
-- point (GeoJSON Point or a point shapefile) in WGS-84, places its cell near its neighbours; a user
-- may place cells by hand, per map (layout_code: the region whose children the map shows).
create table region_centroid (
  region_code text primary key references region (code) on delete cascade,
  lon double precision not null,
  lat double precision not null,
  source_datum text not null check (source_datum in ('wgs84', 'gcj02', 'bd09')),
  source text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);

create table region_tile (
  layout_code text not null references region (code) on delete cascade,
  region_code text not null references region (code) on delete cascade,
  col integer not null check (col between 0 and 999),
  "row" integer not null check ("row" between 0 and 999),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (layout_code, region_code)
);
create unique index region_tile_cell on region_tile (layout_code, col, "row");
