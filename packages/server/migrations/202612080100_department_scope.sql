-- A data scope bound to the account's department (本部门): the region and below of the account's
-- region, and on department-bound tables (REGION_BOUND[...].department in server/src/auth/scope.ts)
-- only the rows that name the account's department, one of its ancestors or one of its
-- sub-departments. The first department-bound tables are enforcement's: plans and inspections by the
-- departments taking part, cases and deadlines by their item's department, draws by the departments
-- they draw inspectors from.

alter table role drop constraint role_data_scope_check;
alter table role add constraint role_data_scope_check
  check (data_scope in ('all', 'region_and_below', 'region', 'self', 'department'));

-- 部门执法人员: reads and records the inspections, plans and cases of their own department.
insert into role (code, name_zh, name_en, permissions, data_scope, builtin) values
  ('dept_officer', '部门执法人员', 'Department enforcement officer', array['region:read', 'enforce:read', 'enforce:inspect'], 'department', true)
on conflict (code) do nothing;

-- A draw names the departments it draws inspectors from (as its stored input does), for the scope door.
alter table enforce_draw add column departments text[] not null default '{}';
update enforce_draw set departments = array(select jsonb_array_elements_text(input -> 'rules' -> 'departments'))
  where jsonb_typeof(input -> 'rules' -> 'departments') = 'array';
