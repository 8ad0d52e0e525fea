-- Issue 11: what a clerk sets in the mapping step is remembered per source, not only names.
-- kind 'column': a column role (ignore, subject, subjectName, period, …) set for a header text
-- (`name` is the header as the importer compares it), applied to next month's file from the same
-- source when the clerk sets nothing for that column. A reporting task's source is its unit and
-- indicator set, so a new period's task (a new title) reuses them.
alter table import_name_mapping drop constraint import_name_mapping_kind_check;
alter table import_name_mapping add constraint import_name_mapping_kind_check check (kind in ('region', 'indicator', 'column'));

-- Issue 11: an optional attachment template on a reporting task (the office uploads it, the units
-- download it): a Word/Excel/PDF/ZIP file of at most 10 MB, checked by its first bytes, with its SHA-256.
alter table report_task add column attachment_name text;
alter table report_task add column attachment_type text;
alter table report_task add column attachment_bytes bytea;
alter table report_task add column attachment_sha256 text;
alter table report_task add column attachment_size integer;
