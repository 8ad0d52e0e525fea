-- 生态 · air quality: hourly readings stored as one row per station and local day (Asia/Shanghai)
-- instead of one row per station-hour, so that a year of 1,000 stations is 365,000 rows of about
-- 300 bytes instead of 8.76 M rows (issue 16's bench: the full recomputation from the hours).
--
-- `hours` packs the 24 hours × six pollutants losslessly (engine ecology/hours.ts): byte 0 is the
-- format (1), then per pollutant (so2, no2, pm10, pm25, co, o3) a tag and 24 values — tag 0 no hour
-- at all; 16 + k uint8, 1 + k uint16 and 8 + k uint32 of value × 10^k (all bits set = missing);
-- 15 float8 (NaN = missing). The application writes the smallest exact form; this conversion writes float8 blocks
-- (float8send, big-endian), which decode to the very doubles that were stored. An hour with no
-- row and an hour whose six values were all null are both missing, as they were to every reader.
-- The provenance (source, synthetic, loaded_by, loaded_at) becomes the day's: that of the day's
-- last loaded hour.

create table eco_reading_day (
  station_id bigint not null references subject (id),
  -- the local calendar day (Asia/Shanghai, UTC+8) the 24 hours belong to
  day date not null,
  hours bytea not null check (get_byte(hours, 0) = 1 and length(hours) between 7 and 1159),
  source text not null,
  synthetic boolean not null default false,
  loaded_by text not null,
  loaded_at timestamptz not null default now(),
  primary key (station_id, day)
);

insert into eco_reading_day (station_id, day, hours, source, synthetic, loaded_by, loaded_at)
select d.station_id, d.day,
  '\x01'::bytea
    || case when count(r.so2) = 0 then '\x00'::bytea else '\x0f'::bytea || string_agg(float8send(coalesce(r.so2, 'NaN')), ''::bytea order by h.h) end
    || case when count(r.no2) = 0 then '\x00'::bytea else '\x0f'::bytea || string_agg(float8send(coalesce(r.no2, 'NaN')), ''::bytea order by h.h) end
    || case when count(r.pm10) = 0 then '\x00'::bytea else '\x0f'::bytea || string_agg(float8send(coalesce(r.pm10, 'NaN')), ''::bytea order by h.h) end
    || case when count(r.pm25) = 0 then '\x00'::bytea else '\x0f'::bytea || string_agg(float8send(coalesce(r.pm25, 'NaN')), ''::bytea order by h.h) end
    || case when count(r.co) = 0 then '\x00'::bytea else '\x0f'::bytea || string_agg(float8send(coalesce(r.co, 'NaN')), ''::bytea order by h.h) end
    || case when count(r.o3) = 0 then '\x00'::bytea else '\x0f'::bytea || string_agg(float8send(coalesce(r.o3, 'NaN')), ''::bytea order by h.h) end,
  (array_agg(r.source order by r.loaded_at desc nulls last, r.hour desc))[1],
  bool_or(coalesce(r.synthetic, false)),
  (array_agg(r.loaded_by order by r.loaded_at desc nulls last, r.hour desc))[1],
  max(r.loaded_at)
from (
  select distinct station_id, ((hour at time zone 'UTC') + interval '8 hours')::date as day from eco_reading
) d
cross join generate_series(0, 23) as h(h)
left join eco_reading r
  on r.station_id = d.station_id and r.hour = (d.day::timestamp + h.h * interval '1 hour' - interval '8 hours') at time zone 'UTC'
group by d.station_id, d.day;

drop table eco_reading;
