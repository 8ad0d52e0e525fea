-- 三级指挥协同, continued: department units are staffed by the accounts of an administration
-- department (and its sub-departments), so a 条线 handler sees and acts only on the cases dispatched
-- to that department; satisfaction is kept on the case for 满意率; 准确派遣 is counted from the
-- dispatches sent back (回退) or re-dispatched (改派).
alter table event_unit add column department_id bigint references department (id);
create index event_unit_department_idx on event_unit (department_id);

-- 评价: 1–5 (satisfied when ≥ 4, recorded by the evaluate transition)
alter table event_case add column rating integer check (rating between 1 and 5);
-- dispatches of the case (派遣 and 改派) and how many were sent back or re-dispatched
alter table event_case add column dispatch_count integer not null default 0;
alter table event_case add column misdispatch_count integer not null default 0;

-- cases already loaded: counts from their action log, the rating from their 评价
update event_case c set
  dispatch_count = (select count(*) from event_action a where a.case_id = c.id and a.action in ('dispatch', 'reassign')),
  misdispatch_count = (select count(*) from event_action a where a.case_id = c.id and a.action in ('return', 'reassign')),
  rating = (select (a.detail ->> 'rating')::int from event_action a
            where a.case_id = c.id and a.action = 'evaluate' and a.detail ? 'rating' order by a.id desc limit 1);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min, valid_max)
values
  ('EV_ACCURATE_DISPATCH_RATE', '三级指挥·事件准确派遣率', 'Command loop: dispatches accurate', '%', 'higher', 'year', 'point', 1,
   '准确派遣数/派遣总数；每次派遣、改派计一次派遣，其后被回退或改派的为不准确派遣（当期立案）', '三级指挥协同', 'region', 0, 100),
  ('EV_SATISFACTION_RATE', '三级指挥·事件满意率', 'Command loop: evaluations satisfied', '%', 'higher', 'year', 'point', 1,
   '满意数/已评价数；评价4分（基本满意）及以上为满意（当期立案）', '三级指挥协同', 'region', 0, 100)
on conflict (code) do nothing;

-- 协办: further units helping on a case; each co-handling unit's reply is an action row of the case
create table event_case_cohandler (
  case_id bigint not null references event_case (id),
  unit_code text not null references event_unit (code),
  added_by text not null,
  added_at timestamptz not null default now(),
  primary key (case_id, unit_code)
);
create index event_case_cohandler_unit_idx on event_case_cohandler (unit_code);

-- photos and attachments of a report (上报) or of its handling (处置), stored with their SHA-256
create table event_case_file (
  id bigserial primary key,
  case_id bigint not null references event_case (id),
  stage text not null check (stage in ('report', 'handling')),
  file_name text not null,
  content_type text not null,
  size integer not null,
  bytes bytea not null,
  sha256 text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index event_case_file_case_idx on event_case_file (case_id, id);
