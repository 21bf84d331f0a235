# Merges the bench outputs into bench/out/report.json (see scripts/bench.sh, docs/bench.md).
# Inputs (each may be null when its benchmark did not run): $chat $relay $relay_postgres
# $relay_cluster $idle
# $echo (fenliu-load
# reports), $router $store $proto $sim $assist (the micro-benchmarks' own files), plus machine
# facts.
# The other benchmarks' files may use flat dotted keys or nested objects; pick() accepts both.

def pick($obj; $path):
  if $obj == null then null
  else ($obj[$path] // (try ($obj | getpath($path | split("."))) catch null))
  end;

($chat[0].result // null) as $c
| ($relay[0].result // null) as $r
| ($relay_postgres[0].result // null) as $rp
| ($relay_postgres[0].postgres_cpu_cores // null) as $rp_pg_cores
| ($relay_cluster[0].result // null) as $rc
| ($relay_cluster[0] // null) as $rc_top
| ($idle[0].result // null) as $i
| ($echo[0].result // null) as $e
| ($router[0] // null) as $ro
| ($store[0] // null) as $st
| ($proto[0] // null) as $pr
| ($sim[0] // null) as $si
| ($assist[0] // null) as $asi
| (($i.steps // []) | map(select(.skipped == null and .connections != null))) as $held
| (if ($held | length) > 0 then ($held | max_by(.connections)) else null end) as $big
| (($r.steps // []) | map(select(.target_msgs_per_s == 0)) | last) as $rmax
| (($e.steps // []) | last) as $emax
| (($rp.steps // []) | map(select(.target_msgs_per_s == 0)) | last) as $rpmax
| (($rc.steps // []) | map(select(.target_msgs_per_s == 0)) | last) as $rcmax
# Per server CPU-second: what the server spent, whatever else ran on the machine.
| (if ($rmax.server.cpu_cores // 0) > 0 then $rmax.msgs_per_s / $rmax.server.cpu_cores
   else null end) as $relay_cpu
| (if ($emax.server.cpu_cores // 0) > 0 then $emax.msgs_per_s / $emax.server.cpu_cores
   else null end) as $echo_cpu
| {
    "relay.msgs_per_s": $r.msgs_per_s,
    "relay.latency_us.p50": $r.latency_us.p50,
    "relay.latency_us.p90": $r.latency_us.p90,
    "relay.latency_us.p99": $r.latency_us.p99,
    "relay.latency_us.p999": $r.latency_us.p999,
    "relay.latency_at_msgs_per_s": $r.latency_at_msgs_per_s,
    "relay.saturated_latency_us.p50": $rmax.latency_us.p50,
    "relay.saturated_latency_us.p99": $rmax.latency_us.p99,
    "relay.server_cpu_cores": $rmax.server.cpu_cores,
    "relay.msgs_per_server_cpu_s": (if $relay_cpu == null then null else ($relay_cpu | round) end),
    "relay.server_cpu_us_per_msg": (if $relay_cpu == null then null
                                    else ((1e7 / $relay_cpu) | round) / 10 end),
    # Closes the server chose (1000 is the bench's own goodbye at the end of the run).
    "relay.closes_by_code": (($r.problems.closes_by_code // {}) | del(."1000")),
    "relay.loadgen_cpu_cores": $rmax.loadgen.cpu_cores,
    "relay.server_rss_kb": $rmax.server.rss_kb,
    "relay.connections": $r.connections,
    "relay.window": $r.window,
    # The same relay with [store] backend = "postgres"; PostgreSQL's own CPU (over the whole
    # relay run, all steps) is apart from fenliu's.
    "relay_postgres.msgs_per_s": $rp.msgs_per_s,
    "relay_postgres.latency_at_msgs_per_s": $rp.latency_at_msgs_per_s,
    "relay_postgres.latency_us.p50": $rp.latency_us.p50,
    "relay_postgres.latency_us.p99": $rp.latency_us.p99,
    "relay_postgres.server_cpu_cores": $rpmax.server.cpu_cores,
    "relay_postgres.server_cpu_us_per_msg": (if ($rpmax.server.cpu_cores // 0) > 0
      then ((1e7 * $rpmax.server.cpu_cores / $rpmax.msgs_per_s) | round) / 10 else null end),
    "relay_postgres.postgres_cpu_cores": $rp_pg_cores,
    "relay_cluster.msgs_per_s": $rc.msgs_per_s,
    "relay_cluster.latency_at_msgs_per_s": $rc.latency_at_msgs_per_s,
    "relay_cluster.latency_us.p50": $rc.latency_us.p50,
    "relay_cluster.latency_us.p99": $rc.latency_us.p99,
    "relay_cluster.relay_node_cpu_cores": $rcmax.server.cpu_cores,
    "relay_cluster.relay_node_cpu_us_per_msg": (if ($rcmax.server.cpu_cores // 0) > 0
      then ((1e7 * $rcmax.server.cpu_cores / $rcmax.msgs_per_s) | round) / 10 else null end),
    "relay_cluster.owner_cpu_cores": $rc_top.owner_cpu_cores,
    "relay_cluster.redis_cpu_cores": $rc_top.redis_cpu_cores,
    "relay_cluster.postgres_cpu_cores": $rc_top.postgres_cpu_cores,
    "relay_cluster.failover_s": $rc_top.failover_s,
    "chat.customers": $c.customers,
    "chat.conversations_completed": $c.conversations_completed,
    "chat.routing_us.p50": $c.routing_latency_us.p50,
    "chat.routing_us.p99": $c.routing_latency_us.p99,
    "chat.e2e_us.p50": $c.to_agent_latency_us.p50,
    "chat.e2e_us.p90": $c.to_agent_latency_us.p90,
    "chat.e2e_us.p99": $c.to_agent_latency_us.p99,
    "chat.e2e_us.p999": $c.to_agent_latency_us.p999,
    "chat.acked_per_s": $c.acked_per_s,
    "chat.errors": (($c.problems.errors_by_code // {}) | add // 0),
    "idle.connections": $big.connections,
    "idle.server_bytes_per_conn": $big.server_bytes_per_conn,
    "idle.kernel_slab_bytes_per_conn": $big.kernel_slab_bytes_per_conn,
    "idle.skipped": (($i.steps // []) | map(select(.skipped != null))
                     | map("\(.connections_target): \(.skipped)")),
    "connect.per_s": (($i.steps // []) | map(select(.skipped == null)) | first | .connect_per_s),
    "connect.server_cpu_us_per_conn": (($i.steps // []) | map(select(.skipped == null)) | first
                                       | .server_cpu_us_per_conn),
    "echo_ws.msgs_per_s": $e.msgs_per_s,
    "echo_ws.latency_us.p50": $emax.latency_us.p50,
    "echo_ws.latency_us.p99": $emax.latency_us.p99,
    "echo_ws.server_cpu_cores": $emax.server.cpu_cores,
    "echo_ws.msgs_per_server_cpu_s": (if $echo_cpu == null then null else ($echo_cpu | round) end),
    "relay_vs_ws_cpu_ratio": (if $relay_cpu == null or $echo_cpu == null then null
                              else (($relay_cpu / $echo_cpu) * 1000 | round) / 1000 end),
    "relay_vs_ws_ratio": (if ($r.msgs_per_s // 0) > 0 and ($e.msgs_per_s // 0) > 0
                          then (($r.msgs_per_s / $e.msgs_per_s) * 1000 | round) / 1000
                          else null end),
    "router.decisions_per_s": pick($ro; "router.decisions_per_s"),
    "router.decision_us.p99": pick($ro; "router.decision_us.p99"),
    "store.commits_msgs_per_s": pick($st; "store.commits_msgs_per_s"),
    "proto.decode_ns_per_frame": pick($pr; "proto.decode_ns_per_frame"),
    "proto.encode_ns_per_frame": pick($pr; "proto.encode_ns_per_frame"),
    "sim.erlang_c.p_wait_sim": pick($si; "sim.erlang_c.p_wait_sim"),
    "sim.erlang_c.p_wait_theory": pick($si; "sim.erlang_c.p_wait_theory"),
    "sim.policies": pick($si; "sim.policies"),
    "sim.scenarios": pick($si; "sim.scenarios"),
    "assist.precision": pick($asi; "assist.precision"),
    "assist.recall": pick($asi; "assist.recall"),
    "assist.handover_recognised": pick($asi; "assist.handover_recognised"),
    "assist.must_not_answer_answered": pick($asi; "assist.must_not_answer_answered"),
    "assist.risky_flagged": pick($asi; "assist.risky_flagged"),
    "assist.calm_flagged": pick($asi; "assist.calm_flagged"),
    "assist.matches_per_s": pick($asi; "assist.matches_per_s"),
    "machine.cores": $cores,
    "bench.server_pinned_to_one_core": $pinned,
    "relay.server_io_threads": $io_threads,
    "machine.cpu_model": $cpu_model,
    "machine.loadavg_start": $loadavg_start,
    "machine.loadavg_end": $loadavg_end,
    "git.commit": $commit,
    "bench.date": $date,
    "bench.duration_s": $duration_s,
    "details": {
      "chat": $c,
      "relay": ($r | if . == null then null else del(.series) end),
      "relay_postgres": ($rp | if . == null then null else del(.series) end),
      "idle": $i,
      "echo_ws": ($e | if . == null then null else del(.series) end),
      "router": $ro,
      "store": $st,
      "proto": $pr,
      "sim": $si,
      "assist": $asi
    }
  }
