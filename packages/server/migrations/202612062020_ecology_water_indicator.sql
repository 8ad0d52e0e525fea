-- 生态 · water quality: the share of monitored sections whose year class meets their target (cockpit card).
insert into indicator (code, name_zh, name_en, unit, direction, frequency, accumulation, decimals, definition, source_department, subject_kind, valid_min, valid_max)
values
  ('ECO_WATER_ON_TARGET', '水质断面达标率', 'Water sections meeting their target', '%', 'higher', 'year', 'point', 1,
   '全年水质类别达到水质目标的断面数占有目标、有监测的断面数的比例；全年类别按各项目年均值以 GB 3838-2002 单因子法评价（《地表水环境质量评价办法（试行）》）',
   '区生态环境分局', 'region', 0, 100)
on conflict (code) do nothing;
