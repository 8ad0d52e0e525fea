-- The plausible range of an indicator's values (a share lies in 0–100 %). An import outside it is
-- warned about in the preview, not refused: a county may really report 101 % of a plan.
alter table indicator add column valid_min double precision;
alter table indicator add column valid_max double precision;
alter table indicator add constraint indicator_valid_range check (valid_min is null or valid_max is null or valid_min <= valid_max);
