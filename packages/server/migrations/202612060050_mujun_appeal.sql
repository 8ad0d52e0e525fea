-- 亩均效益 公示 and appeal: accounts bound to one enterprise (登录绑定统一社会信用代码), the appeal
-- window of a published run, and appeals with their attachments and decisions.

-- an account that represents one enterprise sees that enterprise's own record and nothing else
alter table app_user add column enterprise_id bigint references subject (id);

-- 公示 opens when a run is published and lasts appeal_days calendar days
alter table mujun_run add column published_at timestamptz;
alter table mujun_run add column appeal_days integer not null default 7 check (appeal_days between 1 and 60);

create table mujun_appeal (
  id bigserial primary key,
  run_id bigint not null references mujun_run (id) on delete cascade,
  subject_id bigint not null references subject (id),
  region_code text not null references region (code),
  reason text not null check (length(reason) >= 5),
  filed_by text not null,
  filed_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  decision_note text
);
create index mujun_appeal_run_idx on mujun_appeal (run_id, subject_id);
create index mujun_appeal_subject_idx on mujun_appeal (subject_id);

create table mujun_appeal_file (
  id bigserial primary key,
  appeal_id bigint not null references mujun_appeal (id) on delete cascade,
  file_name text not null,
  content_type text not null,
  bytes bytea not null,
  sha256 text not null
);

insert into role (code, name_zh, name_en, permissions, data_scope, builtin)
values ('enterprise', '企业用户', 'Enterprise user', array['mujun:own'], 'self', true)
on conflict (code) do nothing;
update role set permissions = permissions || array['mujun:own']
  where builtin and code = 'admin' and not ('mujun:own' = any(permissions));
