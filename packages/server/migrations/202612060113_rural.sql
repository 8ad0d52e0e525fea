-- 乡村共富 (issue 17): village collective-economy ledgers, the weak-village list per year, 结对帮扶
-- pairings, and low-income farm households. Households' names, ID numbers and phone numbers are
-- stored only encrypted (AES-256-GCM, key from configuration GONGFU_PII_KEY, never in the database)
-- next to their masked forms; lists read the masked columns only. Amounts in yuan.

create table rural_ledger (
  village_code text not null references region (code),
  year smallint not null check (year between 2000 and 2100),
  item text not null check (item in ('rent', 'property', 'service', 'investment', 'other_operating', 'subsidy', 'other', 'assets', 'liabilities')),
  amount double precision not null,
  source text not null,
  synthetic boolean not null default false,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  primary key (village_code, year, item)
);
create index rural_ledger_year_idx on rural_ledger (year);

-- the weak-village list of a year as computed (rules as data, kept with each row)
create table rural_weak (
  year smallint not null,
  village_code text not null references region (code),
  total double precision not null,
  operating double precision not null,
  reasons jsonb not null,
  change text not null check (change in ('new', 'continued')),
  rules jsonb not null,
  synthetic boolean not null default false,
  computed_by text not null,
  computed_at timestamptz not null default now(),
  primary key (year, village_code)
);

create table rural_pairing (
  id bigserial primary key,
  village_code text not null references region (code),
  partner_kind text not null check (partner_kind in ('department', 'enterprise', 'other')),
  partner_name text not null,
  start_year smallint not null,
  end_year smallint,
  projects text not null default '',
  amount double precision not null default 0 check (amount >= 0),
  milestones jsonb not null default '[]',
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now(),
  check (end_year is null or end_year >= start_year)
);
create index rural_pairing_village_idx on rural_pairing (village_code);

create table rural_household (
  id bigserial primary key,
  code text not null unique,
  village_code text not null references region (code),
  members smallint not null check (members between 1 and 30),
  -- 'v1:' + base64(iv | tag | ciphertext), AES-256-GCM; never clear text
  name_enc text not null,
  id_enc text not null,
  phone_enc text,
  -- HMAC-SHA256 of the ID number under the same key: finds duplicates without decrypting
  id_hmac text not null unique,
  name_masked text not null,
  id_masked text not null,
  phone_masked text,
  flags text[] not null default '{}',
  measures text not null default '',
  status text not null default 'active' check (status in ('active', 'exited')),
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index rural_household_village_idx on rural_household (village_code);

create table rural_household_income (
  household_id bigint not null references rural_household (id) on delete cascade,
  year smallint not null,
  members smallint not null check (members between 1 and 30),
  wage double precision not null default 0,
  business double precision not null default 0,
  property double precision not null default 0,
  transfer double precision not null default 0,
  primary key (household_id, year)
);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min, valid_max)
values
  ('RURAL_COLLECTIVE_INCOME', '村级集体经济总收入（台账汇总）', 'Village collective total income (from ledgers)', '万元', 'higher', 'year', 'point', 2,
   '村级集体经济组织全年总收入（含补助收入），按村社台账汇总', '农业农村局', 'region', 0, null),
  ('RURAL_COLLECTIVE_OPERATING_INCOME', '村级集体经济经营性收入（台账汇总）', 'Village collective operating income (from ledgers)', '万元', 'higher', 'year', 'point', 2,
   '租赁、物业、服务、投资收益等经营性收入之和，不含上级补助收入', '农业农村局', 'region', 0, null),
  ('RURAL_LOW_INCOME_PCDI', '低收入农户人均可支配收入（农户登记汇总）', 'Low-income households: per-capita disposable income (register)', '元', 'higher', 'year', 'point', 0,
   '低收入农户工资性、经营净、财产净、转移净收入之和除以家庭人口（按人口加权）', '农业农村局', 'region', 0, null),
  ('RURAL_LOW_INCOME_PCDI_GROWTH', '低收入农户人均可支配收入增速（农户登记汇总）', 'Low-income households: per-capita income growth (register)', '%', 'higher', 'year', 'point', 1,
   '低收入农户人均可支配收入较上年增长率（同一批农户，按人口加权）', '农业农村局', 'region', -100, null)
on conflict (code) do nothing;

update role set permissions = permissions || array['rural:read']
  where builtin and code in ('admin', 'analyst', 'leader', 'town_officer') and not ('rural:read' = any(permissions));
update role set permissions = permissions || array['rural:write']
  where builtin and code in ('admin', 'analyst', 'town_officer') and not ('rural:write' = any(permissions));
update role set permissions = permissions || array['rural:pii']
  where builtin and code in ('admin') and not ('rural:pii' = any(permissions));
