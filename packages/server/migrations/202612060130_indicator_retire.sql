-- 指标管理: an indicator is retired (停用), not deleted — its values and history stay; new imports refuse it.
alter table indicator add column retired_at timestamptz;
alter table indicator add column retired_reason text;
