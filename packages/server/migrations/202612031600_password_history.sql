-- The last few password hashes of each user, so a password change cannot go back to one of them
-- (等保 2.0 level 3 / ASVS 2.1: history and maximum age; the age is app_user.password_changed_at).
create table password_history (
  user_id bigint not null references app_user (id) on delete cascade,
  password_hash text not null,
  replaced_at timestamptz not null default now()
);
create index password_history_user_idx on password_history (user_id, replaced_at desc);
