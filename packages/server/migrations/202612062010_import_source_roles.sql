-- Issue 11: what a clerk sets in the mapping step is remembered per source, not only names.
-- kind 'column': a column role (ignore, subject, subjectName, period, …) set for a header text
-- (`name` is the header as the importer compares it), applied to next month's file from the same
-- source when the clerk sets nothing for that column. A reporting task's source is its unit and
-- indicator set, so a new period's task (a new title) reuses them.
alter table import_name_mapping drop constraint import_name_mapping_kind_check;
alter table import_name_mapping add constraint import_name_mapping_kind_check check (kind in ('region', 'indicator', 'column'));
