-- 填报任务 (reporting tasks): an office asks units (towns) for an indicator set's values of one
-- period by a deadline; each unit's assignment moves pending → submitted → returned/accepted.
-- Submitted values are 初步 observations with their batch; acceptance publishes them as 正式.
create table report_task (
  id bigserial primary key,
  title text not null check (length(title) between 1 and 200),
  indicator_set text not null references indicator_set (code),
  period text not null,
  deadline timestamptz not null,
  instructions text not null default '',
  -- |同比| above this share is flagged in the review (0.3 = 30 %)
  yoy_alert double precision not null default 0.3 check (yoy_alert > 0),
  -- the issuing office's region: the task is managed within its scope
  region_code text not null references region (code),
  created_by text not null,
  created_at timestamptz not null default now()
);
create index report_task_region_idx on report_task (region_code);

create table report_assignment (
  id bigserial primary key,
  task_id bigint not null references report_task (id) on delete cascade,
  -- the unit that must report (its values are for this region and the regions below it)
  region_code text not null references region (code),
  status text not null default 'pending' check (status in ('pending', 'submitted', 'returned', 'accepted')),
  batch_id bigint references import_batch (id),
  published_batch_id bigint references import_batch (id),
  first_submitted_at timestamptz,
  submitted_at timestamptz,
  submitted_by text,
  submissions integer not null default 0,
  reviewed_at timestamptz,
  reviewed_by text,
  return_reason text,
  returns integer not null default 0,
  reminded_at timestamptz,
  reminders integer not null default 0,
  unique (task_id, region_code)
);
create index report_assignment_region_idx on report_assignment (region_code);

-- In-app notifications (催报 reminders, returns); an outgoing hook (SMS, 浙政钉) can read the same rows.
create table notification (
  id bigserial primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  kind text not null,
  title_zh text not null,
  title_en text not null,
  body_zh text not null default '',
  body_en text not null default '',
  link text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notification_user_idx on notification (user_id, created_at desc);

-- The reporting-quality indicator every accepted submission updates.
insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition,
                       source_department, subject_kind, valid_min, valid_max)
values ('REPORT_ON_TIME_RATE', '按时报送率', 'On-time reporting rate', '%', 'higher', 'year', 'point', 1,
        '当年截止日期已到的填报任务中，首次报送不晚于截止时间的任务所占比例', '数据采集（填报任务）', 'region', 0, 100)
on conflict (code) do nothing;

update role set permissions = permissions || array['collect:manage']
  where builtin and code in ('admin', 'analyst') and not ('collect:manage' = any(permissions));
update role set permissions = permissions || array['collect:submit']
  where builtin and code in ('admin', 'analyst', 'town_officer') and not ('collect:submit' = any(permissions));
