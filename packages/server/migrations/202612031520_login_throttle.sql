-- Login throttling by atomic counters per key (an IP, an account from an IP, an account from
-- anywhere): each attempt is counted before its password is checked, and a key over its allowance
-- must wait a delay that doubles with each further failure (no hard lockout).
create table login_throttle (
  key text primary key,
  failures integer not null,
  window_started_at timestamptz not null,
  next_allowed_at timestamptz not null
);
