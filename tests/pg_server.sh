#!/usr/bin/env bash
# A private PostgreSQL + PostGIS for the tests, on 127.0.0.1: `start DIR PORT` makes a cluster
# in DIR (as the postgres user when run as root: initdb refuses root) and starts it with
# PostGIS in the database `planview`; `stop DIR` stops it. Fails loudly when PostgreSQL is not
# installed, so the tests that need it fail rather than pass without it.
set -euo pipefail
action=${1:?usage: pg_server.sh start DIR PORT | stop DIR}
dir=${2:?missing DIR}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/pg_ctl" ] || { echo "pg_server: PostgreSQL 15 is not installed ($bin/pg_ctl); run scripts/setup.sh" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
start)
  port=${3:?missing PORT}
  as_owner "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true # a run killed before its stop
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "-h 127.0.0.1 -p $port -k /tmp" start >/dev/null
  psql_() { psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
  psql_ -d postgres -c "CREATE DATABASE planview"
  psql_ -d planview -c "CREATE EXTENSION postgis"
  echo "pg_server: PostgreSQL with PostGIS on 127.0.0.1:$port, database planview"
  ;;
stop)
  as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null
  ;;
*)
  echo "pg_server: unknown action '$action'" >&2
  exit 2
  ;;
esac
