-- 挂图作战, part 2: faster boards (covering indexes) and the 八大行动 / 标志性成果 milestone tree.

-- the board and the targets list aggregate monthly current values by indicator and period; with the
-- value and period in the index they are read by index-only scans (same keys as the index replaced)
create index observation_query_cover_idx on observation (indicator_code, period_start, subject_id) include (value, period) where is_current;
drop index observation_query_idx;
-- the board reads every project's plan of one year
create index project_plan_month_year_idx on project_plan_month (year, subject_id) include (month, amount);
