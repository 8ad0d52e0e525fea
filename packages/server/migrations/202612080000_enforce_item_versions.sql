-- 大综合一体化执法: the item catalogue is versioned (every create or change of an item appends a
-- version row with all its fields, who changed it and why, in the same transaction as the change),
-- and objects are enrolled in "一件事" scenarios (an object's combined checklist is the union of the
-- scenarios it is enrolled in). An enrolment is region-bound through the subject.

create table enforce_item_version (
  code text not null references enforce_item (code),
  version integer not null check (version >= 1),
  name text not null,
  department text not null,
  item_type text not null,
  legal_basis text not null,
  subject_types text not null,
  risk_level text not null,
  transferred boolean not null,
  synthetic boolean not null default false,
  changed_by text not null,
  changed_at timestamptz not null default now(),
  note text not null default '',
  primary key (code, version)
);

insert into enforce_item_version (code, version, name, department, item_type, legal_basis, subject_types, risk_level, transferred,
    synthetic, changed_by, changed_at, note)
  select code, 1, name, department, item_type, legal_basis, subject_types, risk_level, transferred, synthetic, updated_by, updated_at,
    'backfill'
  from enforce_item;

create function enforce_item_version_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'enforce_item_version is append-only';
end $$;
create trigger enforce_item_version_no_change before update or delete on enforce_item_version
  for each row execute function enforce_item_version_append_only();

create table enforce_scenario_object (
  scenario_code text not null references enforce_scenario (code) on delete cascade,
  subject_id bigint not null references subject (id),
  enrolled_by text not null,
  enrolled_at timestamptz not null default now(),
  primary key (scenario_code, subject_id)
);
create index enforce_scenario_object_subject_idx on enforce_scenario_object (subject_id);
