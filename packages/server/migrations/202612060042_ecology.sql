-- 生态 · air quality: hourly readings of monitoring stations (subjects of kind 'station') and the
-- daily values and AQI computed from them by HJ 633-2012 / HJ 663-2013 (engine ecology). A
-- missing or invalid value is null, never zero. Hours are the start of the hour (Asia/Shanghai).

create table eco_reading (
  station_id bigint not null references subject (id),
  hour timestamptz not null,
  so2 double precision check (so2 >= 0),
  no2 double precision check (no2 >= 0),
  pm10 double precision check (pm10 >= 0),
  pm25 double precision check (pm25 >= 0),
  -- mg/m³; the others µg/m³
  co double precision check (co >= 0),
  o3 double precision check (o3 >= 0),
  source text not null,
  synthetic boolean not null default false,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  primary key (station_id, hour)
);

create table eco_daily (
  station_id bigint not null references subject (id),
  day date not null,
  so2 double precision,
  no2 double precision,
  pm10 double precision,
  pm25 double precision,
  co double precision,
  o3_1h double precision,
  o3_8h double precision,
  -- null: the day is not valid (HJ 663: a daily item lacks its valid hours)
  aqi smallint,
  primary_pollutants text[] not null default '{}',
  exceeding text[] not null default '{}',
  valid_hours smallint not null,
  synthetic boolean not null default false,
  computed_at timestamptz not null default now(),
  primary key (station_id, day)
);
create index eco_daily_day_idx on eco_daily (day);

insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min, valid_max)
values
  ('ECO_GOOD_AIR_RATIO', '空气质量优良天数比例（站点计算）', 'Share of good air days (computed from stations)', '%', 'higher', 'year', 'point', 1,
   '国控、省控站点日 AQI ≤ 100 的天数占有效天数的比例（HJ 633-2012、HJ 663-2013；年有效天数不足时不写入）', '生态环境分局', 'region', 0, 100),
  ('ECO_PM25_ANNUAL', 'PM2.5 年均浓度（站点计算）', 'PM2.5 annual mean (computed from stations)', 'µg/m³', 'lower', 'year', 'point', 0,
   '国控、省控站点 PM2.5 日均浓度的年平均（HJ 663-2013；年有效天数不足时不写入）', '生态环境分局', 'region', 0, null)
on conflict (code) do nothing;

update role set permissions = permissions || array['ecology:read']
  where builtin and code in ('admin', 'analyst', 'leader', 'town_officer') and not ('ecology:read' = any(permissions));
update role set permissions = permissions || array['ecology:write']
  where builtin and code in ('admin', 'analyst') and not ('ecology:write' = any(permissions));
