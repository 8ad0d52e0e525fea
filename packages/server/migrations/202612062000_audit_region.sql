-- Town-scoped reading of the audit log (issue 20): every entry carries the region it is about, so
-- an auditor or administrator whose home region is a town reads only that town's entries (the
-- county reads all). The column is a reading index, not evidence: it is not part of the hash chain
-- (audit/chain.ts), so `audit verify` and every stored hash are unchanged. New entries get, of the
-- acting user's home region and the home region of the account the entry is about, the more
-- specific one when it lies within the other, else the actor's (audit/service.ts); earlier entries
-- are filled in once here the same way, with the row trigger held for this one statement. Other entries (the CLI, the system, accounts without a
-- region) stay empty: county only. No foreign key: the log outlives any region it names.
alter table audit_log add column region_code text;

alter table audit_log disable trigger audit_log_no_update;
update audit_log a set region_code = (
    select case when t.path is not null and (h.path is null or t.path like h.path || '%') then t.code else h.code end
    from (select 1) one
    left join (select r.code, r.path from app_user u join region r on r.code = u.region_code
               where a.actor = 'user:' || u.username) h on true
    left join (select r.code, r.path from app_user u join region r on r.code = u.region_code
               where a.target = 'user:' || u.username) t on true)
  where a.actor like 'user:%' or a.target like 'user:%';
alter table audit_log enable trigger audit_log_no_update;

create index audit_log_region on audit_log (region_code, seq);
