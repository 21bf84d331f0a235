#!/usr/bin/env bash
# make bench: builds the bench targets, runs every scenario on loopback and writes
# bench/out/report.json (headline figures), the per-scenario JSON files, bench/out/relay.svg
# (latency and throughput over time) and a copy of the report and plot in bench/results/.
#
#   scripts/bench.sh BUILD_DIR
#
# Environment: BENCH_PORT (18080; the cluster run also uses BENCH_PORT + 2 and + 3),
# BENCH_ECHO_PORT (18081), BENCH_CLUSTER=0 (skip the 3-node cluster run), BENCH_REDIS_PORT
# (56380), BENCH_QUICK=1 (shorter runs, for trying the script), BENCH_NO_SAVE=1 (do not copy into bench/results/), BENCH_PIN=0 (do not
# pin the servers and the load generator to cores of their own).
# Traffic goes to 127.0.0.1 only; every step is bounded in count and time.
set -euo pipefail

build=${1:-build}
cd "$(dirname "$0")/.."
out=bench/out
results=bench/results
port=${BENCH_PORT:-18080}
echo_port=${BENCH_ECHO_PORT:-18081}
quick=${BENCH_QUICK:-0}
started=$(date +%s)
# Other work on the machine skews every figure: the report records the load average.
loadavg_start=$(cut -d" " -f1-3 /proc/loadavg)
mkdir -p "$out"

log() { printf '\n== %s\n' "$*"; }

# --- what bench needs ----------------------------------------------------------------------
missing=()
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v jq >/dev/null || missing+=(jq)
command -v bc >/dev/null || missing+=(bc)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" || echo "warning: could not install ${missing[*]}; those parts are skipped"
fi
command -v jq >/dev/null || { echo "bench: jq is required to merge the report" >&2; exit 1; }
if command -v npm >/dev/null && [ ! -d bench/echo/node_modules/ws ]; then
  log "npm ci in bench/echo"
  (cd bench/echo && { npm ci --no-audit --no-fund --loglevel=error ||
                      npm install --no-audit --no-fund --loglevel=error; }) ||
    echo "warning: npm install failed; the echo comparison is skipped"
fi

# --- build -----------------------------------------------------------------------------------
targets=(fenliu fenliu-load)
known=$(cmake --build "$build" --target help 2>/dev/null || true)
for t in fenliu_router_bench fenliu_store_bench fenliu_proto_bench fenliu-sim \
         fenliu_assist_bench; do
  if grep -q "^$t:" <<<"$known"; then targets+=("$t"); fi
done
log "building ${targets[*]}"
cmake --build "$build" --target "${targets[@]}"

# Idle runs hold tens of thousands of sockets: the server and the load generator inherit this.
# Above the hard limit only with the privilege to raise it; otherwise the hard limit.
ulimit -n 120000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files limit: $(ulimit -n)"

load="$build/bench/load/fenliu-load"
server_pid=""
echo_pid=""
data_dir=$(mktemp -d)
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "$echo_pid" ]; then kill "$echo_pid" 2>/dev/null || true; fi
  scripts/pg-test-server.sh stop "${BENCH_PG_PORT:-55435}" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

wait_port() {  # port, seconds
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "bench: nothing listens on 127.0.0.1:$1" >&2
  return 1
}

stop_pid() {  # pid: SIGTERM, then wait up to 10 s
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 100); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bench: port $port is in use; set BENCH_PORT" >&2
  exit 1
fi

# Scenario sizes: a few minutes in all on two cores.
if [ "$quick" = 1 ]; then
  chat_args=(--customers 100 --arrival-per-s 40 --messages 3)
  relay_args=(--conversations 100 --agents 10 --window 8 --rates 2000,0 --step-s 4)
  idle_args=(--idle-counts 2000 --hold-s 2)
else
  chat_args=(--customers 600 --arrival-per-s 40 --messages 5 --think-ms 500 --agents 20)
  relay_args=(--conversations 400 --agents 20 --window 8 --rates 5000,10000,15000,20000,0
              --step-s 8)
  idle_args=(--idle-counts 10000,50000 --hold-s 5)
fi

# Each server (fenliu, then node ws) runs on the last core and the load generator on the others,
# so the per-server-CPU-second figures compare servers that each had one core to themselves and
# a client that never takes the server's CPU. fenliu's io_threads = 0 follows its affinity.
server_pin=()
load_pin=()
cores=$(nproc)
if [ "${BENCH_PIN:-1}" = 1 ] && [ "$cores" -ge 2 ] && command -v taskset >/dev/null; then
  server_pin=(taskset -c "$((cores - 1))")
  load_pin=(taskset -c "0-$((cores - 2))")
  echo "pinning: servers on cpu $((cores - 1)), the load generator on cpus 0-$((cores - 2))"
fi
load_threads=$(( cores > 2 ? cores - 1 : 1 ))

# --- fenliu ----------------------------------------------------------------------------------
log "starting fenliu on 127.0.0.1:$port (data in $data_dir)"
FENLIU_LOG=${FENLIU_LOG:-warn} "${server_pin[@]}" "$build/app/fenliu" --config bench/bench.toml \
  --listen "127.0.0.1:$port" --data-dir "$data_dir" >"$out/server.log" 2>&1 &
server_pid=$!
wait_port "$port" 20
common=(--config bench/bench.toml --port "$port" --server-pid "$server_pid" --threads "$load_threads")
# The I/O threads fenliu chose (named fl-io), for the report.
io_threads=$(cat /proc/"$server_pid"/task/*/comm 2>/dev/null | grep -c '^fl-io$' || true)
echo "fenliu runs $io_threads I/O thread(s)"

log "chat: Poisson arrivals, think times, agents answer"
"${load_pin[@]}" "$load" chat "${common[@]}" "${chat_args[@]}" --out "$out/chat.json"
log "relay: all conversations assigned, both directions, stepped rates"
"${load_pin[@]}" "$load" relay "${common[@]}" "${relay_args[@]}" --out "$out/relay.json" \
  --series "$out/relay_series.csv"
log "idle: connection set-up rate and memory per idle connection"
"${load_pin[@]}" "$load" idle "${common[@]}" "${idle_args[@]}" --out "$out/idle.json"
log "stopping fenliu"
stop_pid "$server_pid"
server_pid=""

# --- the same relay load with the store on PostgreSQL -----------------------------------------
# A throwaway PostgreSQL on loopback (scripts/pg-test-server.sh), unpinned: its CPU is counted
# apart (the postmaster and its backends, from /proc), so that fenliu's own per-message CPU
# compares with the SQLite run and the whole cost is there too.
rm -f "$out/relay_postgres.json"
pg_port=${BENCH_PG_PORT:-55435}
ticks_of() {  # CPU ticks of the given PIDs
  local total=0 pid
  for pid in "$@"; do
    read -r -a f <"/proc/$pid/stat" 2>/dev/null || continue
    total=$((total + f[13] + f[14]))
  done
  echo "$total"
}
pg_ticks() {  # CPU ticks of the postmaster and its children
  local pm
  pm=$(head -1 "/tmp/fenliu-pg-$pg_port/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  # shellcheck disable=SC2046  # one PID per word
  ticks_of "$pm" $(pgrep -P "$pm")
}
if [ "${BENCH_POSTGRES:-1}" = 1 ] && scripts/pg-test-server.sh start "$pg_port" >/dev/null; then
  log "relay on PostgreSQL: the same load, [store] backend = \"postgres\""
  python3 - "$pg_port" >"$out/bench-postgres.toml" <<'PY'
import sys
text = open("bench/bench.toml", encoding="utf-8").read()
dsn = f"host=127.0.0.1 port={sys.argv[1]} user=fenliu dbname=fenliu_test"
print(text.replace("[store]\n", f'[store]\nbackend = "postgres"\npostgres_dsn = "{dsn}"\n', 1), end="")
PY
  FENLIU_LOG=${FENLIU_LOG:-warn} "${server_pin[@]}" "$build/app/fenliu" \
    --config "$out/bench-postgres.toml" --listen "127.0.0.1:$port" --data-dir "$data_dir/pg" \
    >"$out/server-postgres.log" 2>&1 &
  server_pid=$!
  wait_port "$port" 30
  ticks_before=$(pg_ticks)
  relay_started=$(date +%s.%N)
  "${load_pin[@]}" "$load" relay --config "$out/bench-postgres.toml" --port "$port" \
    --server-pid "$server_pid" --threads "$load_threads" "${relay_args[@]}" \
    --out "$out/relay_postgres.json" || echo "warning: relay on PostgreSQL failed"
  pg_cpu_s=$(echo "($(pg_ticks) - $ticks_before) / $(getconf CLK_TCK)" | bc -l)
  relay_s=$(echo "$(date +%s.%N) - $relay_started" | bc -l)
  stop_pid "$server_pid"
  server_pid=""
  scripts/pg-test-server.sh stop "$pg_port"
  if [ -s "$out/relay_postgres.json" ]; then
    jq --argjson cpu "$pg_cpu_s" --argjson secs "$relay_s" \
      '.postgres_cpu_s = $cpu | .postgres_cpu_cores = ($cpu / $secs)' \
      "$out/relay_postgres.json" >"$out/relay_postgres.json.tmp" &&
      mv "$out/relay_postgres.json.tmp" "$out/relay_postgres.json"
  fi
fi

# --- the same relay load on a 3-node cluster, every client on a relay node ---------------------
# PostgreSQL and a redis-server on loopback; node-a owns the shop, node-b and node-c relay. The
# load connects to node-b only, so every frame crosses Redis twice (node-b -> node-a -> node-b).
# All three nodes, Redis and PostgreSQL share the machine: this is the overhead per message,
# not a speed-up. Then kill -9 of the owner: the time until another node serves the shop.
rm -f "$out/relay_cluster.json"
redis_bench_port=${BENCH_REDIS_PORT:-56380}
if [ "${BENCH_CLUSTER:-1}" = 1 ] && command -v redis-server >/dev/null &&
  scripts/pg-test-server.sh start "$pg_port" >/dev/null; then
  log "relay on a 3-node cluster (PostgreSQL + Redis), clients on a relay node"
  redis-server --port "$redis_bench_port" --bind 127.0.0.1 --save "" --appendonly no \
    --logfile "$out/redis.log" --daemonize yes --pidfile "$out/redis.pid"
  sleep 0.3
  redis_pid=$(cat "$out/redis.pid")
  # Each run on its own schema: the lease and the messages of a former run do not count.
  schema="bench_$(date +%s)"
  cluster_pids=()
  cluster_ports=("$port" "$((port + 2))" "$((port + 3))")
  for n in a b c; do
    python3 - "$pg_port" "$n" "$redis_bench_port" "$schema" >"$out/bench-cluster-$n.toml" <<'PY'
import sys
pg, n, redis, schema = sys.argv[1:]
text = open("bench/bench.toml", encoding="utf-8").read()
dsn = f"host=127.0.0.1 port={pg} user=fenliu dbname=fenliu_test"
text = text.replace("[store]\n", f'[store]\nbackend = "postgres"\npostgres_dsn = "{dsn}"\npostgres_schema = "{schema}"\n', 1)
text += (f'\n[cluster]\nnode_id = "node-{n}"\nlease_ttl_ms = 3000\nrenew_interval_ms = 500\n'
         f'redis = "127.0.0.1:{redis}"\nheartbeat_ms = 500\n')
print(text, end="")
PY
  done
  # node-a first, so that it owns the shop; then the relays. The load's node (node-b) on the
  # server core, the others unpinned.
  FENLIU_LOG=${FENLIU_LOG:-warn} "$build/app/fenliu" --config "$out/bench-cluster-a.toml" \
    --listen "127.0.0.1:${cluster_ports[1]}" --data-dir "$data_dir/cluster-a" \
    >"$out/server-cluster-a.log" 2>&1 &
  owner_pid=$!
  wait_port "${cluster_ports[1]}" 30
  FENLIU_LOG=${FENLIU_LOG:-warn} "${server_pin[@]}" "$build/app/fenliu" \
    --config "$out/bench-cluster-b.toml" --listen "127.0.0.1:${cluster_ports[0]}" \
    --data-dir "$data_dir/cluster-b" >"$out/server-cluster-b.log" 2>&1 &
  relay_pid=$!
  FENLIU_LOG=${FENLIU_LOG:-warn} "$build/app/fenliu" --config "$out/bench-cluster-c.toml" \
    --listen "127.0.0.1:${cluster_ports[2]}" --data-dir "$data_dir/cluster-c" \
    >"$out/server-cluster-c.log" 2>&1 &
  third_pid=$!
  wait_port "${cluster_ports[0]}" 30
  wait_port "${cluster_ports[2]}" 30
  sleep 2  # the relays hear the owner's first beats
  ticks_before=$(ticks_of "$owner_pid")
  redis_ticks_before=$(ticks_of "$redis_pid")
  pg_ticks_before=$(pg_ticks)
  relay_started=$(date +%s.%N)
  "${load_pin[@]}" "$load" relay --config "$out/bench-cluster-b.toml" --port "${cluster_ports[0]}" \
    --server-pid "$relay_pid" --threads "$load_threads" "${relay_args[@]}" \
    --out "$out/relay_cluster.json" || echo "warning: relay on the cluster failed"
  relay_s=$(echo "$(date +%s.%N) - $relay_started" | bc -l)
  tck=$(getconf CLK_TCK)
  owner_cpu_s=$(echo "($(ticks_of "$owner_pid") - $ticks_before) / $tck" | bc -l)
  redis_cpu_s=$(echo "($(ticks_of "$redis_pid") - $redis_ticks_before) / $tck" | bc -l)
  pg_cpu_s=$(echo "($(pg_ticks) - $pg_ticks_before) / $tck" | bc -l)
  # Failover: kill -9 of the owner, then the time until node-b or node-c serves the shop
  # (its log says "is serving"; a client's next send is accepted from then on).
  kill_at=$(date +%s.%N)
  disown "$owner_pid" 2>/dev/null || true  # no "Killed" line from the shell
  kill -9 "$owner_pid"
  failover_s=null
  for _ in $(seq 1 3000); do
    if grep -q "is serving" "$out/server-cluster-b.log" "$out/server-cluster-c.log" 2>/dev/null; then
      failover_s=$(echo "$(date +%s.%N) - $kill_at" | bc -l)
      break
    fi
    sleep 0.01
  done
  stop_pid "$relay_pid"
  stop_pid "$third_pid"
  kill "$redis_pid" 2>/dev/null || true
  scripts/pg-test-server.sh stop "$pg_port"
  if [ -s "$out/relay_cluster.json" ]; then
    jq --argjson owner "$owner_cpu_s" --argjson redis "$redis_cpu_s" --argjson pg "$pg_cpu_s" \
      --argjson secs "$relay_s" --argjson failover "$failover_s" \
      '.owner_cpu_cores = ($owner / $secs) | .redis_cpu_cores = ($redis / $secs)
       | .postgres_cpu_cores = ($pg / $secs) | .failover_s = $failover' \
      "$out/relay_cluster.json" >"$out/relay_cluster.json.tmp" &&
      mv "$out/relay_cluster.json.tmp" "$out/relay_cluster.json"
  fi
fi

# --- the same relay load against node ws ----------------------------------------------------
rm -f "$out/echo.json"
if command -v node >/dev/null && [ -d bench/echo/node_modules/ws ]; then
  log "echo: the relay load against a plain node ws echo server"
  "${server_pin[@]}" node bench/echo/echo-server.js "$echo_port" >"$out/echo-server.log" 2>&1 &
  echo_pid=$!
  wait_port "$echo_port" 20
  "${load_pin[@]}" "$load" echo --port "$echo_port" --server-pid "$echo_pid" \
    --threads "$load_threads" "${relay_args[@]}" --rates 0 \
    --out "$out/echo.json" --series "$out/echo_series.csv"
  stop_pid "$echo_pid"
  echo_pid=""
fi

# --- the other benchmarks (written by their owners; run when built) ------------------------
for pair in "fenliu_router_bench:bench/router/fenliu_router_bench:router" \
            "fenliu_store_bench:bench/store/fenliu_store_bench:store" \
            "fenliu_proto_bench:bench/proto/fenliu_proto_bench:proto" \
            "fenliu_assist_bench:bench/assist/fenliu_assist_bench:assist"; do
  IFS=: read -r target binary name <<<"$pair"
  rm -f "$out/$name.json"
  if [ -x "$build/$binary" ]; then
    log "$target"
    timeout 600 "$build/$binary" "$out/$name.json" || echo "warning: $target failed"
  fi
done

# The simulator: built-in scenarios plus the scenario files (scripts/bench_sim.sh runs alone).
rm -f "$out/sim.json"
if [ -x "$build/bench/sim/fenliu-sim" ]; then
  log "fenliu-sim"
  scripts/bench_sim.sh "$build" "$out/sim.json" || echo "warning: fenliu-sim failed"
fi

# --- report ----------------------------------------------------------------------------------
log "merging bench/out/report.json"
input() {  # name: --slurpfile arguments; a missing file reads as null
  local f="$out/$1.json"
  if [ -s "$f" ] && jq -e . "$f" >/dev/null 2>&1; then
    echo "--slurpfile $1 $f"
  else
    echo "--argjson $1 [null]"
  fi
}
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit-dirty"; fi
# shellcheck disable=SC2046  # input() prints several words on purpose
jq -n $(input chat) $(input relay) $(input relay_postgres) $(input relay_cluster) $(input idle) $(input echo) $(input router) $(input store) \
  $(input proto) $(input sim) $(input assist) --argjson cores "$(nproc)" \
  --arg cpu_model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
  --argjson io_threads "${io_threads:-null}" --argjson pinned "$([ ${#server_pin[@]} -gt 0 ] && echo true || echo false)" \
  --arg loadavg_start "$loadavg_start" --arg loadavg_end "$(cut -d" " -f1-3 /proc/loadavg)" \
  --arg commit "$commit" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --argjson duration_s "$(($(date +%s) - started))" \
  -f bench/load/report.jq >"$out/report.json"

if command -v gnuplot >/dev/null && [ -s "$out/relay_series.csv" ]; then
  gnuplot -e "series='$out/relay_series.csv'; output='$out/relay.svg'" bench/load/relay.gp
  echo "plot: $out/relay.svg"
fi
jq 'del(.details)' "$out/report.json"
if [ "${BENCH_NO_SAVE:-0}" != 1 ]; then
  mkdir -p "$results"
  cp "$out/report.json" "$results/report.json"
  if [ -f "$out/relay.svg" ]; then cp "$out/relay.svg" "$results/relay.svg"; fi
fi
echo "bench: done in $(($(date +%s) - started)) s; report: $out/report.json"
