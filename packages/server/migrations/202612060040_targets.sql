-- 挂图作战: annual targets (indicator × subject × year) with their breakdown and monthly plan, and the
-- "661" major projects (subjects of kind project) with monthly planned investment, milestones and
-- problems needing 要素保障. Actuals are indicator observations (TG_* below for the region targets,
-- PRJ_INVEST for each project's monthly investment).

create table target (
  id bigserial primary key,
  -- a stable key (the demo upserts on it); null for targets entered on screen
  code text unique,
  name text not null check (length(name) between 1 and 200),
  indicator_code text not null references indicator (code),
  subject_id bigint not null references subject (id),
  -- the subject's region, for the scope door
  region_code text not null references region (code),
  year integer not null check (year between 2000 and 2100),
  kind text not null check (kind in ('value', 'growth')),
  -- value targets: the annual value; growth targets: the rate as a fraction (0.075 = 7.5 %)
  target_value double precision not null,
  -- growth targets: last year's value; point-in-time value targets: the level the year starts from
  base_value double precision,
  accumulation text not null check (accumulation in ('cumulative', 'point')),
  direction text not null default 'higher' check (direction in ('higher', 'lower')),
  plan_method text not null default 'straight' check (plan_method in ('straight', 'seasonal', 'entered')),
  -- {"green":1,"yellow":0.95} for value targets, {"greenPp":0,"yellowPp":1} for growth targets; {} = defaults
  thresholds jsonb not null default '{}'::jsonb,
  department text not null default '',
  leader text not null default '',
  source_document text not null default '',
  parent_id bigint references target (id) on delete cascade,
  -- how the sub-targets combine to this one
  breakdown text not null default 'sum' check (breakdown in ('sum', 'weighted')),
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index target_region_idx on target (year, region_code);
create index target_parent_idx on target (parent_id);

-- an entered plan curve: the cumulative share of the year's task due by the end of each month
create table target_plan_month (
  target_id bigint not null references target (id) on delete cascade,
  month smallint not null check (month between 1 and 12),
  share double precision not null check (share between 0 and 1),
  primary key (target_id, month)
);

-- planned investment of a project by month (亿元, the month's own amount)
create table project_plan_month (
  subject_id bigint not null references subject (id) on delete cascade,
  year integer not null,
  month smallint not null check (month between 1 and 12),
  amount double precision not null check (amount >= 0),
  primary key (subject_id, year, month)
);

create table project_milestone (
  subject_id bigint not null references subject (id) on delete cascade,
  kind text not null check (kind in ('立项', '用地', '环评能评', '施工许可', '开工', '主体完工', '竣工', '投产')),
  planned date,
  actual date,
  primary key (subject_id, kind)
);

create table project_problem (
  id bigserial primary key,
  subject_id bigint not null references subject (id) on delete cascade,
  region_code text not null references region (code),
  kind text not null check (kind in ('land', 'energy', 'funds', 'approval', 'other')),
  description text not null check (length(description) between 2 and 2000),
  owner_department text not null,
  due_date date not null,
  status text not null default 'open' check (status in ('open', 'in_progress', 'resolved')),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz not null default now()
);
create index project_problem_subject_idx on project_problem (subject_id);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min)
values
  ('TG_GDP_CUM', '地区生产总值（月度累计）', 'GDP, cumulative to date', '亿元', 'higher', 'month', 'cumulative', 2, '当年 1 月至本月的地区生产总值累计（现价）', '统计局', 'region', 0),
  ('TG_LOWINC_CUM', '低收入农户人均可支配收入（累计）', 'Low-income rural households’ disposable income per head, cumulative', '元', 'higher', 'month', 'cumulative', 0, '当年 1 月至本月低收入农户人均可支配收入累计', '农业农村局', 'region', 0),
  ('TG_FAI661_CUM', '“661”固定资产投资（累计）', '“661” fixed-asset investment, cumulative', '亿元', 'higher', 'month', 'cumulative', 2, '当年 1 月至本月“661”专项行动固定资产投资累计', '发改局', 'region', 0),
  ('PRJ_INVEST', '重大项目当月完成投资（入库）', 'Major project investment in the month', '亿元', 'higher', 'month', 'point', 4, '重大项目当月入库完成投资额', '发改局', 'project', 0),
  ('TG_ONTRACK_RATE', '目标按序时进度完成率', 'Targets on schedule', '%', 'higher', 'month', 'point', 1, '责任单位目标中达到序时进度（绿灯）的目标所占比例', '区委办（挂图作战）', 'region', 0)
on conflict (code) do nothing;

update role set permissions = permissions || array['targets:read']
  where builtin and code in ('admin', 'analyst', 'leader', 'town_officer') and not ('targets:read' = any(permissions));
update role set permissions = permissions || array['targets:manage']
  where builtin and code in ('admin', 'analyst') and not ('targets:manage' = any(permissions));
update role set permissions = permissions || array['targets:problems']
  where builtin and code in ('admin', 'analyst', 'town_officer') and not ('targets:problems' = any(permissions));
