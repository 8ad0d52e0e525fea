-- Names to codes in imports (issue 11). Offices send towns, villages and indicators by name; a name
-- the importer cannot resolve by itself is confirmed once by the clerk and remembered per source
-- (the batch's source label: the import's `source`, else the file name), so that next month's file
-- from the same source imports without questions. `name` is the normalised name (NFKC, no spaces,
-- lower case) as the importer compares it. A region mapping is applied only when its region lies in
-- the importing user's data scope.
create table import_name_mapping (
  source text not null,
  kind text not null check (kind in ('region', 'indicator')),
  name text not null check (name <> ''),
  code text not null,
  confirmed_by text not null,
  confirmed_at timestamptz not null default now(),
  primary key (source, kind, name)
);

-- Old and other names of a region (e.g. a town renamed or merged), matched like its name.
alter table region add column aliases text[] not null default '{}';
