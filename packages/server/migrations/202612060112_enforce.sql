-- 大综合一体化执法: the item catalogue (监管事项, 执法事项) with legal basis, "一件事" scenarios bundling
-- items across departments, inspectors, conflict-of-interest relations, auditable 双随机 draws (inputs,
-- seed and result stored so anyone can re-run them), inspection records and enforcement cases with
-- an append-only stage log. Inspection objects are subjects of the registry (enterprises); their
-- risk class is the subject attribute riskClass.

create table enforce_item (
  code text primary key check (length(code) between 1 and 64),
  name text not null check (length(name) between 1 and 200),
  department text not null check (length(department) between 1 and 100),
  item_type text not null check (item_type in ('inspect', 'penalty', 'coercion', 'other')),
  legal_basis text not null default '',
  subject_types text not null default '',
  risk_level text not null default '' check (risk_level in ('', 'high', 'medium', 'low')),
  transferred boolean not null default false,
  synthetic boolean not null default false,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
create index enforce_item_department_idx on enforce_item (department, code);

create table enforce_scenario (
  code text primary key check (length(code) between 1 and 64),
  name text not null,
  object_kind text not null default '',
  lead_department text not null,
  synthetic boolean not null default false,
  updated_by text not null,
  updated_at timestamptz not null default now()
);

create table enforce_scenario_item (
  scenario_code text not null references enforce_scenario (code) on delete cascade,
  item_code text not null references enforce_item (code),
  position integer not null default 0,
  primary key (scenario_code, item_code)
);

-- Inspectors (执法检查人员): a department and the town of residence (for recusal).
create table enforce_inspector (
  code text primary key check (length(code) between 1 and 64),
  name text not null,
  department text not null,
  town_code text not null references region (code),
  active boolean not null default true,
  synthetic boolean not null default false
);

-- Listed relations (利害关系): the inspector never inspects that object.
create table enforce_conflict (
  inspector_code text not null references enforce_inspector (code),
  subject_id bigint not null references subject (id),
  note text not null default '',
  primary key (inspector_code, subject_id)
);

-- A 双随机 draw: the region it covers, the candidate lists and rules as they were (input), the
-- published nonce, the seed and the result. Never edited: verification re-runs input.
create table enforce_draw (
  id bigserial primary key,
  region_code text not null references region (code),
  name text not null,
  nonce text not null,
  input jsonb not null,
  seed bigint not null,
  result jsonb not null,
  objects integer not null,
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index enforce_draw_region_idx on enforce_draw (region_code, id);

-- One visit to an object; a joint plan (综合查一次) names several departments in one record.
create table enforce_inspection (
  id bigserial primary key,
  subject_id bigint not null references subject (id),
  region_code text not null references region (code),
  inspected_on date not null,
  departments text[] not null check (cardinality(departments) >= 1),
  item_codes text[] not null default '{}',
  joint boolean not null default false,
  draw_id bigint references enforce_draw (id),
  inspector_codes text[] not null default '{}',
  -- [{"item": "SJ-001", "result": "pass" | "fail", "note": "…"}]
  findings jsonb not null default '[]'::jsonb,
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index enforce_inspection_subject_idx on enforce_inspection (subject_id, inspected_on);
create index enforce_inspection_region_idx on enforce_inspection (region_code, inspected_on);

create table enforce_case (
  id bigserial primary key,
  subject_id bigint not null references subject (id),
  region_code text not null references region (code),
  item_code text not null references enforce_item (code),
  inspection_id bigint references enforce_inspection (id),
  stage text not null default 'filed' check (stage in ('filed', 'investigating', 'decided', 'executing', 'closed')),
  summary text not null default '',
  version integer not null default 1,
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index enforce_case_region_idx on enforce_case (region_code, id);

create table enforce_case_action (
  id bigserial primary key,
  case_id bigint not null references enforce_case (id),
  from_stage text,
  to_stage text not null,
  note text not null default '',
  actor text not null,
  at timestamptz not null default now()
);
create index enforce_case_action_case_idx on enforce_case_action (case_id, id);

create function enforce_case_action_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'enforce_case_action is append-only';
end $$;
create trigger enforce_case_action_no_change before update or delete on enforce_case_action
  for each row execute function enforce_case_action_append_only();

update role set permissions = permissions || array['enforce:read']
  where builtin and code in ('admin', 'analyst', 'leader', 'town_officer') and not ('enforce:read' = any(permissions));
update role set permissions = permissions || array['enforce:inspect']
  where builtin and code in ('admin', 'analyst', 'town_officer') and not ('enforce:inspect' = any(permissions));
update role set permissions = permissions || array['enforce:manage']
  where builtin and code in ('admin', 'analyst') and not ('enforce:manage' = any(permissions));
