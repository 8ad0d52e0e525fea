-- Each target's light, stored so that the list filtered by light (红灯 targets of the year) reads
-- an index instead of computing 10,000 statuses from half a million observations on every call.
--
-- A status is a pure function of the target row, its entered plan and the current observations of
-- its (indicator, subject) pair. `target.status_gen` counts changes of those inputs; a stored
-- status is valid only while its `gen` equals the target's. The triggers below bump the count on
-- every write of any input, whichever code path makes it (the observation writer, a withdrawal, an
-- edit of the target, a restore), so no writer has to remember to invalidate.

alter table target add column status_gen bigint not null default 0;

create table target_status (
  target_id bigint primary key references target (id) on delete cascade,
  -- target.status_gen when the inputs were read
  gen bigint not null,
  -- light of the latest month with a value; null when there is none yet
  light text check (light in ('green', 'yellow', 'red')),
  computed_at timestamptz not null default now()
);
create index target_status_light_idx on target_status (light, target_id);

-- which targets an observation write touches
create index target_pair_idx on target (indicator_code, subject_id);

-- an edit of the target is a change of inputs (unless the update is itself a bump)
create function target_status_bump() returns trigger language plpgsql as $$
begin
  if new.status_gen = old.status_gen then
    new.status_gen := old.status_gen + 1;
  end if;
  return new;
end $$;
create trigger target_status_on_edit before update on target for each row execute function target_status_bump();

create function target_status_observations() returns trigger language plpgsql as $$
begin
  update target t set status_gen = t.status_gen + 1
    from (select distinct indicator_code, subject_id from changed) c
    where t.indicator_code = c.indicator_code and t.subject_id = c.subject_id;
  return null;
end $$;
create trigger target_status_on_observation_insert after insert on observation
  referencing new table as changed for each statement execute function target_status_observations();
create trigger target_status_on_observation_update after update on observation
  referencing new table as changed for each statement execute function target_status_observations();
create trigger target_status_on_observation_delete after delete on observation
  referencing old table as changed for each statement execute function target_status_observations();

create function target_status_plans() returns trigger language plpgsql as $$
begin
  update target t set status_gen = t.status_gen + 1 where t.id in (select target_id from changed);
  return null;
end $$;
create trigger target_status_on_plan_insert after insert on target_plan_month
  referencing new table as changed for each statement execute function target_status_plans();
create trigger target_status_on_plan_update after update on target_plan_month
  referencing new table as changed for each statement execute function target_status_plans();
create trigger target_status_on_plan_delete after delete on target_plan_month
  referencing old table as changed for each statement execute function target_status_plans();
