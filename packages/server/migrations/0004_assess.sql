-- 考核评价 (composite assessment): schemes with immutable versions, and immutable runs that keep the
-- exact input snapshot (units × indicator values with the observation ids they came from) and the
-- engine's outputs, so any published ranking can be reproduced and explained later.
--
-- Data scope: a run carries the region it was run over; its per-unit rows (assess_run_unit) carry
-- each unit's region, and reads are limited to the units in the caller's scope (regionScope).

create table assess_scheme (
  id bigserial primary key,
  -- the scheme JSON's `id`, e.g. keqiao-towns-annual
  code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$'),
  title_zh text not null,
  title_en text not null,
  -- bundled presets are illustrative (示意), never official rules
  illustrative boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);

create table assess_scheme_version (
  id bigserial primary key,
  scheme_id bigint not null references assess_scheme (id),
  -- 1, 2, 3 … in order of creation
  version integer not null check (version >= 1),
  -- the scheme JSON's own `version` text, e.g. 2025.1-illustrative
  label text not null,
  -- the scheme JSON as written and validated by the engine's parseScheme
  definition jsonb not null,
  -- how the scheme's data columns and attributes are filled from the indicator catalogue
  bindings jsonb not null,
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (scheme_id, version)
);

create table assess_run (
  id bigserial primary key,
  scheme_version_id bigint not null references assess_scheme_version (id),
  period text not null,
  region_code text not null references region (code),
  unit_kind text not null,
  unit_count integer not null,
  -- units × columns with the observation ids the values came from (and the previous period)
  input jsonb not null,
  input_sha256 text not null,
  -- toPlain(runScheme(definition, input)): scores at every node, ranks, grades, explanations
  outputs jsonb not null,
  -- true when any input value came from a batch flagged synthetic
  synthetic boolean not null,
  published boolean not null default false,
  published_by text,
  published_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index assess_run_version_idx on assess_run (scheme_version_id, id);

create table assess_run_unit (
  run_id bigint not null references assess_run (id),
  unit_code text not null,
  unit_name text not null,
  -- region of the unit (the region itself, or a platform's region), for data scope
  region_code text not null references region (code),
  final double precision,
  rank double precision,
  grade text,
  primary key (run_id, unit_code)
);
create index assess_run_unit_code_idx on assess_run_unit (unit_code, run_id);

-- Scheme versions and runs never change; a run may only go from unpublished to published once.
create function assess_immutable() returns trigger language plpgsql as $$
begin
  raise exception '% rows are immutable', tg_table_name;
end $$;
create trigger assess_scheme_version_immutable before update or delete on assess_scheme_version
  for each row execute function assess_immutable();
create trigger assess_run_unit_immutable before update or delete on assess_run_unit
  for each row execute function assess_immutable();

create function assess_run_publish_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'assess_run rows are immutable';
  end if;
  if new.id <> old.id or new.scheme_version_id <> old.scheme_version_id or new.period <> old.period
     or new.region_code <> old.region_code or new.unit_kind <> old.unit_kind or new.unit_count <> old.unit_count
     or new.input::text <> old.input::text or new.input_sha256 <> old.input_sha256
     or new.outputs::text <> old.outputs::text or new.synthetic <> old.synthetic
     or new.created_by <> old.created_by or new.created_at <> old.created_at
     or old.published or not new.published then
    raise exception 'assess_run rows are immutable (only publishing an unpublished run is allowed)';
  end if;
  return new;
end $$;
create trigger assess_run_immutable before update or delete on assess_run
  for each row execute function assess_run_publish_only();

-- Permissions of the assessment module, granted to the built-in roles.
update role set permissions = permissions || array['assess:read', 'assess:run', 'assess:edit']
  where builtin and code in ('admin', 'analyst') and not ('assess:read' = any(permissions));
update role set permissions = permissions || array['assess:read']
  where builtin and code in ('town_officer', 'leader') and not ('assess:read' = any(permissions));
