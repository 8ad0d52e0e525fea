-- 挂图作战, part 2: faster boards (covering indexes) and the 八大行动 / 标志性成果 milestone tree.

-- the board and the targets list aggregate monthly current values by indicator and period; with the
-- value and period in the index they are read by index-only scans (same keys as the index replaced)
create index observation_query_cover_idx on observation (indicator_code, period_start, subject_id) include (value, period) where is_current;
drop index observation_query_idx;
-- the board reads every project's plan of one year
create index project_plan_month_year_idx on project_plan_month (year, subject_id) include (month, amount);

-- the 八大行动 task tree: actions (parent null) and their tasks; the district's plan structure, not
-- region-bound data (every reader of the wall sees the eight actions and their tasks)
create table target_action (
  id bigserial primary key,
  code text not null unique,
  parent_id bigint references target_action (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  owner_unit text not null default '',
  sort integer not null default 0,
  source_document text not null default '',
  synthetic boolean not null default false
);
create index target_action_parent_idx on target_action (parent_id);

-- a milestone (里程碑 / 标志性成果) of a task: owned by a department or a town (region_code, for the
-- scope door), due on a calendar date; open → reported (self-report with evidence) → reviewed →
-- accepted, or returned with a reason (and reported again). Overdue: due date passed, not accepted.
create table target_milestone (
  id bigserial primary key,
  code text unique,
  task_id bigint not null references target_action (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  owner_unit text not null,
  region_code text not null references region (code),
  due_date date not null,
  signature boolean not null default false,
  status text not null default 'open' check (status in ('open', 'reported', 'reviewed', 'accepted', 'returned')),
  report_note text not null default '',
  links text[] not null default '{}',
  return_reason text not null default '',
  reported_by text,
  reported_at timestamptz,
  reviewed_by text,
  reviewed_at timestamptz,
  accepted_by text,
  accepted_at timestamptz,
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index target_milestone_task_idx on target_milestone (task_id);
create index target_milestone_region_idx on target_milestone (region_code, due_date);

-- evidence files of a milestone, stored in the database (size-limited on upload)
create table target_milestone_file (
  id bigserial primary key,
  milestone_id bigint not null references target_milestone (id) on delete cascade,
  file_name text not null,
  content_type text not null,
  bytes bytea not null,
  sha256 text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index target_milestone_file_idx on target_milestone_file (milestone_id);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min)
values
  ('TG_MS_OVERDUE', '逾期未验收里程碑数', 'Overdue milestones', '个', 'lower', 'month', 'point', 0, '责任单位到期未验收的八大行动里程碑和标志性成果个数', '区委办（挂图作战）', 'region', 0)
on conflict (code) do nothing;

-- self-report (自评上报) with evidence: the owning units; review and acceptance: targets:manage
update role set permissions = permissions || array['targets:report']
  where builtin and code in ('admin', 'analyst', 'town_officer') and not ('targets:report' = any(permissions));
