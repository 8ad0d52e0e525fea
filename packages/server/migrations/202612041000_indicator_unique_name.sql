-- Indicator names are unique within the catalogue: the Chinese name exactly, the English name
-- ignoring case (both trimmed). Two entries with one name let an import write to one while an
-- assessment read the other, with nothing on screen telling them apart.
--
-- Databases that already hold duplicates (the demo used to define 15分钟公共服务圈覆盖率 three
-- times, and 居民人均可支配收入, 空气质量优良天数比例 and 城乡居民收入倍差 twice) keep the name on
-- the oldest entry (created first, then by code) and append the code in brackets to the others,
-- e.g. "居民人均可支配收入 [ZJC_INCOME_PC]", so that the indexes below can be created. No entry or
-- value is removed; codes, and so every binding and observation, stay as they were.

with ranked as (
  select code, row_number() over (partition by btrim(name_zh) order by created_at, code) as n
  from indicator
)
update indicator i set name_zh = btrim(i.name_zh) || ' [' || i.code || ']', updated_at = now()
from ranked r where r.code = i.code and r.n > 1;

with ranked as (
  select code, row_number() over (partition by lower(btrim(name_en)) order by created_at, code) as n
  from indicator
)
update indicator i set name_en = btrim(i.name_en) || ' [' || i.code || ']', updated_at = now()
from ranked r where r.code = i.code and r.n > 1;

create unique index indicator_name_zh_unique on indicator (btrim(name_zh));
create unique index indicator_name_en_unique on indicator (lower(btrim(name_en)));
