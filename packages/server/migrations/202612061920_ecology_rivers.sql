-- 生态 · 河长制 and water quality. Rivers and their reaches (河道/河段) with optional GeoJSON
-- geometry, the chiefs of a reach at district/town/village level (an account or a named person),
-- patrol frequency rules per level as data, patrol records with their track, photos and problems
-- (a problem opens an event case in 三级指挥协同 in the same transaction when that module is
-- installed), water-quality sections and their samples classed by GB 3838-2002.

create table eco_river (
  code text primary key check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(name) between 1 and 100),
  -- the region that registers the river (the county or a town)
  region_code text not null references region (code),
  geometry jsonb,
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table eco_reach (
  code text primary key check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  river_code text not null references eco_river (code),
  name text not null check (length(name) between 1 and 100),
  -- the town (or village) the reach runs through; patrols and problems belong to it
  region_code text not null references region (code),
  town_code text not null references region (code),
  length_km double precision check (length_km > 0),
  -- GeoJSON LineString / MultiLineString / Polygon (outline), optional
  geometry jsonb,
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index eco_reach_town_idx on eco_reach (town_code);

-- Patrol frequency per chief level: at least one patrol every `period_days` days.
create table eco_patrol_rule (
  level text primary key check (level in ('district', 'town', 'village')),
  period_days integer not null check (period_days between 1 and 366),
  source text not null
);
insert into eco_patrol_rule (level, period_days, source) values
  ('district', 30, '县级河长每月不少于一次（《浙江省河长制规定》2017，第九条；可配置的假设，以区河长办文件为准）'),
  ('town', 10, '乡级河长每旬不少于一次（《浙江省河长制规定》2017，第九条；可配置的假设，以区河长办文件为准）'),
  ('village', 7, '村级河长每周不少于一次（《浙江省河长制规定》2017，第九条；可配置的假设，以区河长办文件为准）');

create table eco_reach_chief (
  id bigserial primary key,
  reach_code text not null references eco_reach (code),
  level text not null check (level in ('district', 'town', 'village')),
  -- an account, or a named person without one
  user_id bigint references app_user (id),
  person_name text not null check (length(person_name) between 1 and 50),
  phone text not null default '',
  -- the chief belongs to the reach's region
  region_code text not null references region (code),
  synthetic boolean not null default false,
  created_by text not null,
  unique (reach_code, level)
);

create table eco_patrol (
  id bigserial primary key,
  reach_code text not null references eco_reach (code),
  chief_id bigint not null references eco_reach_chief (id),
  patrolled_on date not null,
  -- [[lon, lat], …] points or a track
  track jsonb not null default '[]',
  note text not null default '',
  region_code text not null references region (code),
  town_code text not null references region (code),
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index eco_patrol_chief_idx on eco_patrol (chief_id, patrolled_on);

create table eco_patrol_problem (
  id bigserial primary key,
  patrol_id bigint not null references eco_patrol (id),
  description text not null check (length(description) between 1 and 2000),
  category_code text not null,
  -- the event case it opened (null when the event loop is not installed: the list is then its own)
  case_id bigint,
  region_code text not null references region (code),
  created_by text not null
);

create table eco_patrol_photo (
  id bigserial primary key,
  patrol_id bigint not null references eco_patrol (id),
  file_name text not null,
  content_type text not null,
  bytes bytea not null,
  sha256 text not null,
  size integer not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);

-- Water-quality sections (断面) and their samples, classed by GB 3838-2002 (1–5 = I–V, 6 = 劣V).
create table eco_wq_section (
  code text primary key check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null,
  reach_code text references eco_reach (code),
  region_code text not null references region (code),
  -- the water-function target class, 1–5
  target_class smallint check (target_class between 1 and 5),
  synthetic boolean not null default false,
  created_by text not null
);

create table eco_wq_sample (
  section_code text not null references eco_wq_section (code),
  sampled_on date not null,
  -- mg/L unless noted; ph dimensionless; fecal coliform 个/L
  vals jsonb not null,
  class smallint not null check (class between 1 and 6),
  worst_items text[] not null default '{}',
  exceeding text[] not null default '{}',
  region_code text not null references region (code),
  synthetic boolean not null default false,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  primary key (section_code, sampled_on)
);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min, valid_max)
values
  ('ECO_PATROL_RATE', '河长巡河完成率', 'River-chief patrol completion rate', '%', 'higher', 'month', 'point', 1,
   '河长实际巡河次数（每个应巡周期至多计一次）占应巡次数的比例；应巡周期按河长层级的巡河频次规则', '区河长办', 'region', 0, 100)
on conflict (code) do nothing;

update role set permissions = permissions || array['ecology:rivers']
  where builtin and code in ('admin', 'analyst', 'town_officer') and not ('ecology:rivers' = any(permissions));
