#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests: `start PORT` creates a fresh cluster
# under /tmp/fenliu-pg-PORT with the database fenliu_test (user fenliu, trust auth on
# 127.0.0.1 only) and starts it; `stop PORT` stops it and removes everything; `halt PORT` and
# `resume PORT` stop it and start it again with its data (an outage).
#
# PostgreSQL refuses to run as root: as root, the server runs as the system user fenliu-pg
# (created when missing). fsync is off: the tests kill clients, never the machine, and a
# killed server still recovers from what it wrote to the OS.
set -euo pipefail
cmd=${1:?start or stop}
port=${2:-55432}
dir=/tmp/fenliu-pg-$port
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/pg_ctl ]] || { echo "pg-test-server: PostgreSQL is not installed (make deps)" >&2; exit 1; }

as_server=()
if [[ $(id -u) -eq 0 ]]; then
  id fenliu-pg >/dev/null 2>&1 ||
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin fenliu-pg
  as_server=(runuser -u fenliu-pg --)
fi

stop() {
  if [[ -f $dir/data/postmaster.pid ]]; then
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
      "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

launch() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

case $cmd in
  start)
    stop
    mkdir -p "$dir"
    [[ ${#as_server[@]} -eq 0 ]] || chown fenliu-pg "$dir"
    "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U fenliu --auth=trust -E UTF8 --no-locale \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    launch
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U fenliu fenliu_test
    echo "pg-test-server: PostgreSQL on 127.0.0.1:$port, dsn \"host=127.0.0.1 port=$port user=fenliu dbname=fenliu_test\""
    ;;
  stop)
    stop
    ;;
  # An outage: the server goes away (fast shutdown, every connection dropped) and comes back
  # with its data.
  halt)
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    launch
    ;;
  *)
    echo "usage: $0 start|stop|halt|resume [PORT]" >&2
    exit 2
    ;;
esac
