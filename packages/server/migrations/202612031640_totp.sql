-- A second factor (RFC 6238 TOTP): the user's secret (set when enrolment starts, in force once a
-- first code confirms it) and the last accepted time step, so a code is never accepted twice.
alter table app_user
  add column totp_secret text,
  add column totp_enabled boolean not null default false,
  add column totp_last_step bigint;
