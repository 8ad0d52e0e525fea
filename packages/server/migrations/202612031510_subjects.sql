-- Subjects registry: every kind of thing an observation can be about, each anchored to a region
-- for data scope, with kind-specific attributes kept as data (jsonb) rather than columns.
alter table subject drop constraint subject_kind_check;
alter table subject add constraint subject_kind_check
  check (kind in ('region', 'enterprise', 'platform', 'project', 'station', 'department'));
alter table indicator drop constraint indicator_subject_kind_check;
alter table indicator add constraint indicator_subject_kind_check
  check (subject_kind in ('region', 'enterprise', 'platform', 'project', 'station', 'department'));

alter table subject add column attributes jsonb not null default '{}'::jsonb;
alter table subject add column source text not null default '';
alter table subject add column updated_by text;
alter table subject add column updated_at timestamptz not null default now();
create index subject_kind_idx on subject (kind, code);

-- Daily indicators (e.g. air quality), periods written YYYY-MM-DD.
alter table indicator drop constraint indicator_frequency_check;
alter table indicator add constraint indicator_frequency_check
  check (frequency in ('day', 'month', 'quarter', 'year'));

-- Permission of the subjects registry, granted to the built-in roles that maintain master data.
update role set permissions = permissions || array['subject:write']
  where builtin and code in ('admin', 'analyst') and not ('subject:write' = any(permissions));
