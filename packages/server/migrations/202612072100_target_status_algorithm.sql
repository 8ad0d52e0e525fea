-- The stored light also records which version of the status algorithm computed it
-- (engine/targets/status.ts STATUS_ALGORITHM): a release that changes how a light follows from the
-- same inputs bumps that number, and every light stored by an older one is read as outdated and
-- computed again, without a migration to clear the table. Rows stored before this column were
-- computed by version 1.
alter table target_status add column algorithm integer not null default 1;
