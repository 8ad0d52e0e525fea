-- The audit log cannot be truncated either (0002 blocks update and delete row by row). The one
-- exception is a restore (`gongfu db restore`), which marks its own transaction: it refuses to roll
-- the chain back unless told to, and records itself in the log. Whoever owns the database can still
-- drop these triggers; the signed checkpoints outside the database (audit/checkpoint.ts) show that.
create function audit_log_no_truncate() returns trigger language plpgsql as $$
begin
  if current_setting('gongfu.restoring', true) = 'on' then
    return null;
  end if;
  raise exception 'audit_log cannot be truncated';
end $$;
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_no_truncate();
