# Sourced by the benchmarks: a private PostgreSQL + PostGIS on 127.0.0.1:$port under $work,
# stopped when the script exits, and psql_ to talk to it. Durability off (fsync, full pages):
# it only makes PostGIS faster. Needs $work and $port set.
pgdata="$work/pgdata"
pgbin=/usr/lib/postgresql/15/bin
if [ ! -d "$pgdata" ]; then
  install -d -o postgres "$pgdata"
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -A trust >/dev/null
fi
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=2" start >/dev/null
trap 'runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null' EXIT
psql_() { PGOPTIONS="-c client_min_messages=warning" psql -q -X -h 127.0.0.1 -p $port -U postgres "$@"; }

# Runs a command; sets $secs (wall seconds) and $peak_mb (peak resident memory).
timed() {
  local log="$work/time.log" kb
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>"$work/stderr.log" || { cat "$work/stderr.log" >&2; return 1; }
  read -r secs kb <"$log"
  peak_mb=$((kb / 1024))
}
