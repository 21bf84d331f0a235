#!/usr/bin/env bash
# `make run-cluster`: a throwaway PostgreSQL on 127.0.0.1:55433 (scripts/pg-test-server.sh, as
# the system user fenliu-pg when run as root), a redis-server on 127.0.0.1:56379 and three
# fenliu nodes of the demo shop on 127.0.0.1:8081, 8082 and 8083 sharing them ([cluster],
# README "Cluster"). One node owns the shop; the others relay their clients to it over Redis,
# so a chat works on any of the three ports. Kill the owner (its PID is printed) and watch
# another node take over; a node that loses its lease exits 75 and is started again here, as
# a supervisor would. Ctrl-C stops everything and removes the database.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
pg_port=55433
dir=/tmp/fenliu-cluster
dsn="host=127.0.0.1 port=$pg_port user=fenliu dbname=fenliu_test"
redis_port=56379
ports=(8081 8082 8083)
rm -rf "$dir"
mkdir -p "$dir"

scripts/pg-test-server.sh start "$pg_port" >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --logfile "$dir/redis.log" --daemonize yes --pidfile "$dir/redis.pid"
pids=()
cleanup() {
  trap - INT TERM EXIT
  # The restart loops first (so that nothing starts again), then the nodes (SIGTERM: each
  # stops gracefully and releases its lease).
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f -- "--config $dir/node-" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -f $dir/redis.pid ]] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  scripts/pg-test-server.sh stop "$pg_port"
  echo "run-cluster: stopped"
}
trap cleanup INT TERM EXIT

origins=$(printf '"http://127.0.0.1:%s", ' "${ports[@]}")
for i in 0 1 2; do
  n=$((i + 1))
  # The demo config with this node's port, origins, store and [cluster] section.
  python3 - "$n" "${ports[$i]}" "$dsn" "$dir" "${origins%, }" "$redis_port" <<'PY' >"$dir/node-$n.toml"
import re, sys
n, port, dsn, d, origins, redis_port = sys.argv[1:]
text = open("config/demo-shop.toml", encoding="utf-8").read()
text = re.sub(r"(?m)^port = 8080.*$", f"port = {port}", text, count=1)
text = re.sub(r"(?ms)^allowed_origins = \[.*?\]", f"allowed_origins = [{origins}]", text, count=1)
text = re.sub(r"(?m)^\[store\]$", f'[store]\nbackend = "postgres"\npostgres_dsn = "{dsn}"', text, count=1)
text = re.sub(r'(?m)^data_dir = "data"$', f'data_dir = "{d}/node-{n}-data"', text, count=1)
text += (f'\n[cluster]\nnode_id = "node-{n}"\nlease_ttl_ms = 3000\nrenew_interval_ms = 500\n'
         f'redis = "127.0.0.1:{redis_port}"\nheartbeat_ms = 500\n')
print(text, end="")
PY
  # Restarted after exit 75 (lost the lease): it stands by again.
  (
    while :; do
      "./$build/app/fenliu" --config "$dir/node-$n.toml" >>"$dir/node-$n.log" 2>&1 && break
      status=$?
      [[ $status -eq 75 ]] || break
    done
  ) &
  pids+=($!)
done

# The owner is the node whose log says it took the lease; the others relay.
owner_node=""
for _ in $(seq 1 600); do
  for n in 1 2 3; do
    if grep -q "(lease epoch" "$dir/node-$n.log" 2>/dev/null; then owner_node=$n; break 2; fi
  done
  sleep 0.1
done
[[ -n $owner_node ]] || { echo "run-cluster: no node took the shop; logs in $dir" >&2; exit 1; }
owner=${ports[$((owner_node - 1))]}
relay=${ports[$((owner_node % 3))]}
owner_pid=$(pgrep -f -- "--config $dir/node-$owner_node.toml" | head -1)
cat <<MSG
run-cluster: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port; nodes on ${ports[*]} (logs in $dir)
  node-$owner_node owns the shop at http://127.0.0.1:$owner (pid $owner_pid); the others relay to it
  customer widget:  http://127.0.0.1:$relay/widget.html   (on a relay node: chats work on any node)
  agent workbench:  http://127.0.0.1:$owner/workbench.html (the shop's HTTP APIs are the owner's)
  demo tokens:      http://127.0.0.1:$relay/api/dev/tokens
  failover:         kill -9 $owner_pid; another node takes the shop within the lease TTL
Ctrl-C stops the cluster.
MSG
wait
