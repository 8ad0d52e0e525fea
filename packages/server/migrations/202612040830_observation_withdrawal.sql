-- Withdrawing (撤回) a value marks that revision and brings back the one before it. A withdrawn
-- revision keeps who withdrew it, when and why, and is never made current again.
alter table observation add column withdrawn_at timestamptz;
alter table observation add column withdrawn_by text;
alter table observation add column withdrawn_reason text;
alter table observation add constraint observation_withdrawn_not_current check (withdrawn_at is null or not is_current);
