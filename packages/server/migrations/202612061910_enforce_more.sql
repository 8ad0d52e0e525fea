-- 大综合一体化执法: case deadlines in 工作日 on the shared working-time calendar (event_calendar_day).
-- 立案 within file_work_days working days of the inspection that found the failure
-- (《市场监督管理行政处罚程序规定》第十八条: 十五个工作日内决定是否立案), 结案 within close_work_days
-- working days of 立案. Deadlines are stored rows; the overdue sweep marks those past due.
create table enforce_setting (
  id boolean primary key default true check (id),
  file_work_days integer not null default 15 check (file_work_days between 1 and 365),
  close_work_days integer not null default 90 check (close_work_days between 1 and 1000)
);
insert into enforce_setting default values;

create table enforce_deadline (
  id bigserial primary key,
  kind text not null check (kind in ('file', 'close')),
  region_code text not null references region (code),
  subject_id bigint not null references subject (id),
  item_code text not null references enforce_item (code),
  inspection_id bigint references enforce_inspection (id),
  case_id bigint references enforce_case (id),
  work_days integer not null,
  start_at timestamptz not null,
  due_at timestamptz not null,
  met_at timestamptz,
  overdue boolean not null default false,
  overdue_at timestamptz,
  created_by text not null,
  check ((kind = 'file' and inspection_id is not null) or (kind = 'close' and case_id is not null))
);
create unique index enforce_deadline_file_idx on enforce_deadline (inspection_id, item_code) where kind = 'file';
create unique index enforce_deadline_close_idx on enforce_deadline (case_id) where kind = 'close';
create index enforce_deadline_due_idx on enforce_deadline (due_at) where met_at is null and not overdue;
create index enforce_deadline_region_idx on enforce_deadline (region_code, due_at);

-- 综合查一次 joint inspection plans: one visit, several departments, a combined checklist of
-- catalogue items; inspections recorded against the plan carry its id and a result per item.
create table enforce_plan (
  id bigserial primary key,
  region_code text not null references region (code),
  name text not null,
  planned_on date not null,
  lead_department text not null,
  departments text[] not null check (cardinality(departments) >= 2),
  item_codes text[] not null check (cardinality(item_codes) >= 1),
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index enforce_plan_region_idx on enforce_plan (region_code, planned_on);
create table enforce_plan_object (
  plan_id bigint not null references enforce_plan (id),
  subject_id bigint not null references subject (id),
  primary key (plan_id, subject_id)
);
alter table enforce_inspection add column plan_id bigint references enforce_plan (id);
create index enforce_inspection_plan_idx on enforce_inspection (plan_id) where plan_id is not null;
