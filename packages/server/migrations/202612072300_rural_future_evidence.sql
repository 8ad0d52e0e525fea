-- 未来乡村 (issue 17): evidence (佐证材料) per village, indicator and period for the scenario scoring
-- on the assessment engine: a title, an optional http(s) link to the document, and a note. The
-- indicator is the id in the 未来乡村 scheme (e.g. family_doctor); the period is the run's (e.g. 2021).
create table rural_future_evidence (
  id bigserial primary key,
  village_code text not null references region (code),
  indicator text not null check (indicator ~ '^[a-z0-9_]{1,60}$'),
  period text not null check (period ~ '^\d{4}(-\d{2})?$'),
  title text not null check (length(title) between 1 and 200),
  link text check (link is null or link ~ '^https?://'),
  note text not null default '',
  synthetic boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index rural_future_evidence_village_idx on rural_future_evidence (village_code, period);
