-- Gongfu core schema: regions, subjects, indicator catalogue, observations with revision history.

create table region (
  code text primary key check (code ~ '^[0-9]{12}([0-9]{3})?$'),
  name text not null,
  name_en text,
  level text not null check (level in ('province', 'city', 'county', 'town', 'village', 'grid')),
  parent_code text references region (code),
  -- materialized ancestor path including the region itself, e.g. /330000000000/330600000000/330603000000/
  path text not null,
  source text not null,
  created_at timestamptz not null default now()
);
create index region_parent_idx on region (parent_code);
create index region_path_idx on region (path text_pattern_ops);

create table region_boundary (
  region_code text primary key references region (code) on delete cascade,
  geometry jsonb not null, -- WGS-84
  source_datum text not null check (source_datum in ('wgs84', 'gcj02', 'bd09')),
  source text not null,
  bbox double precision[] not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);

-- Anything an observation can be about. Regions have a subject row each; enterprises, platforms,
-- projects and departments join later, always anchored to a region for data scope.
create table subject (
  id bigserial primary key,
  kind text not null check (kind in ('region', 'enterprise', 'platform', 'project', 'department')),
  code text not null,
  name text not null,
  region_code text not null references region (code),
  unique (kind, code)
);
create index subject_region_idx on subject (region_code);

create table indicator (
  code text primary key check (code ~ '^[A-Za-z][A-Za-z0-9_.-]{0,63}$'),
  name_zh text not null,
  name_en text not null,
  unit text not null default '',
  direction text not null check (direction in ('higher', 'lower')),
  frequency text not null check (frequency in ('month', 'quarter', 'year')),
  accumulation text not null check (accumulation in ('point', 'cumulative')),
  decimals smallint not null default 2 check (decimals between 0 and 6),
  definition text not null default '',
  source_department text not null default '',
  subject_kind text not null default 'region'
    check (subject_kind in ('region', 'enterprise', 'platform', 'project', 'department')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table indicator_set (
  code text primary key,
  name_zh text not null,
  name_en text not null,
  description text not null default ''
);

create table indicator_set_member (
  set_code text not null references indicator_set (code) on delete cascade,
  indicator_code text not null references indicator (code),
  position integer not null,
  primary key (set_code, indicator_code)
);

create table import_batch (
  id bigserial primary key,
  file_name text not null,
  file_sha256 text not null,
  format text not null check (format in ('xlsx', 'csv', 'seed', 'api')),
  layout text not null check (layout in ('wide', 'long', 'seed', 'api')),
  encoding text,
  row_count integer not null,
  inserted_count integer not null,
  revised_count integer not null,
  unchanged_count integer not null,
  source text not null,
  synthetic boolean not null default false,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  note text not null default ''
);

create table observation (
  id bigserial primary key,
  indicator_code text not null references indicator (code),
  subject_id bigint not null references subject (id),
  period text not null,
  period_start date not null,
  value double precision not null,
  status text not null check (status in ('preliminary', 'final')),
  source text not null,
  batch_id bigint not null references import_batch (id),
  is_current boolean not null default true,
  superseded_at timestamptz
);
-- exactly one current value per indicator × subject × period; older revisions stay as history
create unique index observation_current_idx on observation (indicator_code, subject_id, period) where is_current;
create index observation_history_idx on observation (indicator_code, subject_id, period, id);
create index observation_query_idx on observation (indicator_code, period_start, subject_id) where is_current;
create index observation_batch_idx on observation (batch_id);
