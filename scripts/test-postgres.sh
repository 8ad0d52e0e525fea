#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL 15 cluster on a local port for the test suite.
#   scripts/test-postgres.sh start   → prints the connection URL
#   scripts/test-postgres.sh stop
set -euo pipefail
PORT="${GONGFU_TEST_PG_PORT:-55432}"
DIR="${GONGFU_TEST_PG_DIR:-/tmp/gongfu-test-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then
  echo "PostgreSQL server binaries not found; install with: apt-get install -y postgresql" >&2
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" -U gongfu --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Tests trade durability for speed; benchmarks (GONGFU_PG_DURABLE=1) keep PostgreSQL's defaults.
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${GONGFU_PG_DURABLE:-0}" = "1" ] && fast=""
    if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR" -w -l "$DIR/server.log" \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB $fast" \
        start >/dev/null
    fi
    echo "postgres://gongfu@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
