-- 亩均效益评价: land parcels (owned and leased), evaluation runs with one result per enterprise,
-- and class adjustments (调档) that need a second officer. Enterprise data are observations of the
-- MJ_* indicators below (subject kind enterprise), loaded from the bureaus' files by the importer.

create table mujun_parcel (
  id bigserial primary key,
  year integer not null check (year between 1990 and 2100),
  parcel_code text not null,
  region_code text not null references region (code),
  area_mu double precision not null check (area_mu > 0),
  -- 统一社会信用代码 of the land-use right holder; null when the file names none (reconciliation lists it)
  owner_code text,
  source text not null,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  unique (year, parcel_code)
);
create index mujun_parcel_region_idx on mujun_parcel (region_code);

create table mujun_lease (
  parcel_id bigint not null references mujun_parcel (id) on delete cascade,
  tenant_code text not null,
  area_mu double precision not null check (area_mu > 0),
  primary key (parcel_id, tenant_code)
);

create table mujun_run (
  id bigserial primary key,
  year integer not null,
  -- the county whose enterprises were evaluated (the run's scope)
  region_code text not null references region (code),
  options jsonb not null,
  -- the scheme JSON of each group as run (benchmarks, cap, missing rule applied)
  schemes jsonb not null,
  input_digest text not null,
  status text not null default 'draft' check (status in ('draft', 'published', 'final')),
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now()
);

create table mujun_result (
  run_id bigint not null references mujun_run (id) on delete cascade,
  subject_id bigint not null references subject (id),
  region_code text not null references region (code),
  scale text not null check (scale in ('above', 'below')),
  industry text,
  land_mu double precision,
  -- input values and per-item scores as used, by column / item id
  inputs jsonb not null,
  items jsonb not null,
  score double precision,
  rank integer,
  class text check (class in ('A', 'B', 'C', 'D')),
  -- 不参评 with its reason (size line, newly operating, missing data, no land)
  not_rated text,
  vetoes text[] not null default '{}',
  primary key (run_id, subject_id)
);
create index mujun_result_region_idx on mujun_result (run_id, region_code);

create table mujun_adjustment (
  id bigserial primary key,
  run_id bigint not null references mujun_run (id) on delete cascade,
  subject_id bigint not null references subject (id),
  region_code text not null references region (code),
  from_class text,
  to_class text not null check (to_class in ('A', 'B', 'C', 'D')),
  reason text not null check (length(reason) >= 2),
  requested_by text not null,
  requested_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  decision_note text
);
create index mujun_adjustment_run_idx on mujun_adjustment (run_id, subject_id);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min)
values
  ('MJ_TAX', '实缴税金', 'Taxes paid', '万元', 'higher', 'year', 'cumulative', 2, '企业当年实际缴纳的税收总额（不含退税）', '税务局', 'enterprise', 0),
  ('MJ_VALUE_ADDED', '工业增加值', 'Industrial value added', '万元', 'higher', 'year', 'cumulative', 2, '企业当年工业增加值（现价）', '统计局', 'enterprise', null),
  ('MJ_REVENUE', '营业收入', 'Operating revenue', '万元', 'higher', 'year', 'cumulative', 2, '企业当年营业收入（主营业务收入）', '统计局', 'enterprise', 0),
  ('MJ_EMPLOYEES', '年平均职工人数', 'Average employees', '人', 'higher', 'year', 'point', 0, '企业当年平均从业人员数', '统计局', 'enterprise', 0),
  ('MJ_RD', 'R&D经费支出', 'R&D expenditure', '万元', 'higher', 'year', 'cumulative', 2, '企业当年研究与试验发展经费支出', '统计局', 'enterprise', 0),
  ('MJ_ELECTRICITY', '用电量', 'Electricity used', '万千瓦时', 'lower', 'year', 'cumulative', 2, '企业当年用电总量', '供电公司', 'enterprise', 0),
  ('MJ_ENERGY', '综合能耗', 'Total energy use', '吨标准煤', 'lower', 'year', 'cumulative', 2, '企业当年综合能源消费量（当量值）', '发改局', 'enterprise', 0),
  ('MJ_COD', '化学需氧量排放量', 'COD emissions', '吨', 'lower', 'year', 'cumulative', 3, '企业当年化学需氧量排放量', '生态环境分局', 'enterprise', 0),
  ('MJ_NH3N', '氨氮排放量', 'Ammonia-nitrogen emissions', '吨', 'lower', 'year', 'cumulative', 3, '企业当年氨氮排放量', '生态环境分局', 'enterprise', 0),
  ('MJ_SO2', '二氧化硫排放量', 'SO2 emissions', '吨', 'lower', 'year', 'cumulative', 3, '企业当年二氧化硫排放量', '生态环境分局', 'enterprise', 0),
  ('MJ_NOX', '氮氧化物排放量', 'NOx emissions', '吨', 'lower', 'year', 'cumulative', 3, '企业当年氮氧化物排放量', '生态环境分局', 'enterprise', 0),
  ('MJ_SAFETY_ACCIDENT', '较大及以上安全生产事故', 'Serious safety accidents', '起', 'lower', 'year', 'cumulative', 0, '企业当年发生较大及以上安全生产事故的起数（否决项）', '应急管理局', 'enterprise', 0),
  ('MJ_ENV_VIOLATION', '重大环境违法', 'Serious environmental violations', '起', 'lower', 'year', 'cumulative', 0, '企业当年被查处的重大环境违法行为起数（否决项）', '生态环境分局', 'enterprise', 0)
on conflict (code) do nothing;

insert into indicator_set (code, name_zh, name_en, description)
values ('mujun-tax', '亩均效益·税务数据', 'Per-mu efficiency: tax data', '税务局报送：实缴税金'),
       ('mujun-statistics', '亩均效益·统计数据', 'Per-mu efficiency: statistics', '统计局报送：增加值、营业收入、从业人员、R&D 经费'),
       ('mujun-power', '亩均效益·用电数据', 'Per-mu efficiency: electricity', '供电公司报送：用电量'),
       ('mujun-environment', '亩均效益·能耗与排放', 'Per-mu efficiency: energy and emissions', '发改局、生态环境分局、应急管理局报送：综合能耗、主要污染物排放、否决事项')
on conflict (code) do nothing;
insert into indicator_set_member (set_code, indicator_code, position)
values ('mujun-tax', 'MJ_TAX', 1),
       ('mujun-statistics', 'MJ_VALUE_ADDED', 1), ('mujun-statistics', 'MJ_REVENUE', 2), ('mujun-statistics', 'MJ_EMPLOYEES', 3), ('mujun-statistics', 'MJ_RD', 4),
       ('mujun-power', 'MJ_ELECTRICITY', 1),
       ('mujun-environment', 'MJ_ENERGY', 1), ('mujun-environment', 'MJ_COD', 2), ('mujun-environment', 'MJ_NH3N', 3),
       ('mujun-environment', 'MJ_SO2', 4), ('mujun-environment', 'MJ_NOX', 5), ('mujun-environment', 'MJ_SAFETY_ACCIDENT', 6),
       ('mujun-environment', 'MJ_ENV_VIOLATION', 7)
on conflict do nothing;

update role set permissions = permissions || array['mujun:read']
  where builtin and code in ('admin', 'analyst', 'leader', 'town_officer') and not ('mujun:read' = any(permissions));
update role set permissions = permissions || array['mujun:run']
  where builtin and code in ('admin', 'analyst') and not ('mujun:run' = any(permissions));
