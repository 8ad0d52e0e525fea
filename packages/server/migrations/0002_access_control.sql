-- Users, departments, roles with permissions and data scope, sessions, API tokens, login
-- throttling, and an append-only hash-chained audit log.

create table department (
  id bigserial primary key,
  name text not null,
  parent_id bigint references department (id),
  region_code text references region (code),
  path text not null, -- /1/4/9/ ancestors including itself
  created_at timestamptz not null default now()
);
create index department_path_idx on department (path text_pattern_ops);

create table app_user (
  id bigserial primary key,
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9_.-]{1,63}$'),
  display_name text not null,
  department_id bigint references department (id),
  -- the region the user belongs to; data scopes are relative to it
  region_code text references region (code),
  password_hash text,
  must_change_password boolean not null default true,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz
);

create table role (
  id bigserial primary key,
  code text not null unique,
  name_zh text not null,
  name_en text not null,
  permissions text[] not null default '{}',
  data_scope text not null check (data_scope in ('all', 'region_and_below', 'region', 'self')),
  builtin boolean not null default false
);

create table user_role (
  user_id bigint not null references app_user (id) on delete cascade,
  role_id bigint not null references role (id) on delete cascade,
  primary key (user_id, role_id)
);

create table session (
  -- sha-256 of the cookie value; the value itself is never stored
  id text primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index session_user_idx on session (user_id);

create table api_token (
  id bigserial primary key,
  user_id bigint not null references app_user (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);

create table login_attempt (
  id bigserial primary key,
  username text not null,
  ip text,
  success boolean not null,
  at timestamptz not null default now()
);
create index login_attempt_user_idx on login_attempt (username, at);

-- seq is assigned as previous seq + 1 under a lock, so a gap means a deleted row.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  target text,
  ip text,
  before jsonb,
  after jsonb,
  prev_hash text not null,
  hash text not null unique
);

-- Ordinary statements cannot change or remove audit rows; verification also detects raw edits.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

insert into role (code, name_zh, name_en, permissions, data_scope, builtin) values
  ('admin', '系统管理员', 'Administrator',
   array['region:read','region:write','indicator:read','indicator:write','data:read','data:import','data:export','data:delete','report:read','user:manage','audit:read'],
   'all', true),
  ('analyst', '分析员（共富办）', 'Analyst',
   array['region:read','indicator:read','indicator:write','data:read','data:import','data:export','data:delete','report:read'],
   'region_and_below', true),
  ('town_officer', '镇街干部', 'Town officer',
   array['region:read','indicator:read','data:read','data:import','data:export','report:read'],
   'region_and_below', true),
  ('leader', '领导（只读）', 'Leader (read-only)',
   array['region:read','indicator:read','data:read','data:export','report:read'],
   'all', true),
  ('auditor', '审计员', 'Auditor', array['audit:read'], 'self', true);
