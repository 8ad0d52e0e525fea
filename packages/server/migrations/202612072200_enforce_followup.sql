-- 大综合一体化执法, follow-up: photos of a visit's findings, 责令整改 orders with a deadline,
-- documents of an enforcement case, referrals from the event loop, and the publication (公开) of
-- 双随机 draws.

-- A photo (or document) of one checklist item of one inspection; the bytes' type is checked on upload.
create table enforce_inspection_file (
  id bigserial primary key,
  inspection_id bigint not null references enforce_inspection (id),
  item_code text not null references enforce_item (code),
  file_name text not null,
  content_type text not null,
  size integer not null,
  bytes bytea not null,
  sha256 text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index enforce_inspection_file_idx on enforce_inspection_file (inspection_id, id);

-- 责令整改: an order to put a failed item right by a date; one per failed item of an inspection.
create table enforce_order (
  id bigserial primary key,
  inspection_id bigint not null references enforce_inspection (id),
  item_code text not null references enforce_item (code),
  subject_id bigint not null references subject (id),
  region_code text not null references region (code),
  due_on date not null,
  note text not null default '',
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (inspection_id, item_code)
);
create index enforce_order_region_idx on enforce_order (region_code, due_on);

-- Documents of an enforcement case (立案审批表, 询问笔录, 处罚决定书 …), at the stage they were added.
create table enforce_case_file (
  id bigserial primary key,
  case_id bigint not null references enforce_case (id),
  stage text not null check (stage in ('filed', 'investigating', 'decided', 'executing', 'closed')),
  file_name text not null,
  content_type text not null,
  size integer not null,
  bytes bytea not null,
  sha256 text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now()
);
create index enforce_case_file_idx on enforce_case_file (case_id, id);

-- A case referred by another module (the event loop: 'events:event_case:<id>'); one case per source.
alter table enforce_case add column source text;
create unique index enforce_case_source_idx on enforce_case (source) where source is not null;

-- 公开: a draw's result is published once, by whom and when.
alter table enforce_draw add column published_at timestamptz;
alter table enforce_draw add column published_by text;

-- the repeated-inspection scan reads (subject, date) of separate visits in a region and period
create index enforce_inspection_scan_idx on enforce_inspection (region_code, subject_id, inspected_on) where not joint;
