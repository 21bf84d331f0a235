// idle: opens K connections (customers with no conversation) with a bounded number of
// handshakes in flight, holds them, and reads the server's resident memory before and after.
// The ramp also gives the connection set-up rate: upgrades completed (Welcome received) per
// second.
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <optional>

#include "frames.hpp"
#include "proc_stats.hpp"
#include "report.hpp"
#include "scenarios.hpp"

namespace fenliu::load {
namespace {

constexpr int ports_per_source_ip = 25000;  // of ~28k ephemeral ports per (source, dest) pair
constexpr std::uint64_t fd_headroom = 256;
constexpr auto close_timeout_us = std::int64_t{20'000'000};

struct idle_shared {
  std::atomic<int> welcomed{0};
  std::atomic<int> failed{0};
  std::atomic<int> closed{0};
};

class idle_peer final : public frame_handler {
 public:
  idle_peer(runner& r, worker& w, idle_shared& shared, std::function<void()> settled)
      : r_(r), w_(w), shared_(shared), settled_(std::move(settled)) {}

  void start(const connect_target& target) {
    conn_ = ws_connection::create(w_.loop, *this);
    conn_->connect(target);
  }
  void stop() {
    if (conn_) {
      conn_->close();
    }
  }

  void on_open() override { r_.live().open.fetch_add(1); }

  void on_frame(std::string_view bytes) override {
    if (!welcomed_ && env_.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
        env_.has_welcome()) {
      welcomed_ = true;
      shared_.welcomed.fetch_add(1);
      settled_();
    }
    env_.Clear();  // nothing else is expected; keep no memory around
  }

  void on_closed(int code, std::string_view error) override {
    ++w_.stats.closes_by_code[code];
    if (!error.empty()) {
      ++w_.stats.failures[std::string(error)];
    }
    if (welcomed_) {
      r_.live().open.fetch_sub(1);
      shared_.closed.fetch_add(1);
    } else {
      ++w_.stats.connect_failures;
      shared_.failed.fetch_add(1);
      settled_();
    }
  }

 private:
  runner& r_;
  worker& w_;
  idle_shared& shared_;
  std::function<void()> settled_;
  std::shared_ptr<ws_connection> conn_;
  v1::ServerEnvelope env_;
  bool welcomed_ = false;
};

// What connection callbacks touch. Kept until the scenario ends, since a connection that did
// not close in time may still call back during a later step.
struct idle_state {
  idle_shared shared;
  std::vector<std::vector<std::unique_ptr<idle_peer>>> peers;
  std::vector<std::size_t> next;
  std::vector<int> in_flight;
  std::function<void(std::size_t)> launch;
};

// Why a count cannot run here (file-descriptor limits), or empty when it can.
std::string fd_limits_problem(runner& r, int count) {
  const auto wanted = static_cast<std::uint64_t>(count) + fd_headroom;
  const auto own_limit = raise_fd_limit(wanted);
  const auto pid = r.opts().server_pid;
  const auto server_limit = pid > 0 ? fd_limit_of(pid) : UINT64_MAX;
  if (own_limit >= wanted - fd_headroom / 2 && server_limit >= wanted - fd_headroom / 2) {
    return {};
  }
  return fmt::format("fd limit too low: load generator {}, server {}", own_limit, server_limit);
}

// Creates the peers of every worker and the launcher that keeps each worker's share of
// upgrades in flight.
void prepare(runner& r, int count, const std::string& run_id, idle_state& st) {
  const auto n = r.size();
  st.peers.resize(n);
  st.next.assign(n, 0);
  st.in_flight.assign(n, 0);
  const int concurrency = std::max(1, r.opts().connect_concurrency / static_cast<int>(n));
  const int sources = (count + ports_per_source_ip - 1) / ports_per_source_ip;
  st.launch = [&r, &st, count, sources, concurrency, run_id, n](std::size_t w) {
    while (st.in_flight[w] < concurrency && st.next[w] < st.peers[w].size()) {
      const auto i = st.next[w]++;
      const auto global = i * n + w;
      auto target =
          r.target_for(r.customer_token(fmt::format("li-{}-{}-{}", run_id, count, global)));
      if (sources > 1) {
        const auto host = 1 + global % static_cast<std::size_t>(sources);
        target.source_ip = fmt::format("127.0.0.{}", host);
      }
      ++st.in_flight[w];
      st.peers[w][i]->start(target);
    }
  };
  for (std::size_t w = 0; w < n; ++w) {
    const auto share =
        static_cast<std::size_t>(count) / n + (w < static_cast<std::size_t>(count) % n ? 1 : 0);
    for (std::size_t i = 0; i < share; ++i) {
      st.peers[w].push_back(std::make_unique<idle_peer>(r, r.at(w), st.shared, [&st, w] {
        --st.in_flight[w];
        st.launch(w);
      }));
    }
  }
}

struct idle_figures {
  std::optional<process_sample> server_before, server_held;
  std::int64_t kernel_before = 0;
  std::int64_t kernel_held = 0;
  process_sample self_held;
  std::int64_t t_start = 0;
  std::int64_t t_ramped = 0;
  std::optional<process_sample> server_ramped;  // when the last upgrade was welcomed
};

// Ramp, hold, sample, close: runs the loops until every connection is closed (or timed out).
bool ramp_hold_close(runner& r, int count, idle_state& st, idle_figures& f) {
  auto& w0 = r.at(0).loop;
  const auto hold = std::chrono::microseconds(static_cast<std::int64_t>(r.opts().hold_s * 1e6));
  auto close_all = [&r, &st, &f, &w0] {
    f.server_held = sample_process(r.opts().server_pid);
    f.kernel_held = kernel_slab_bytes();
    f.self_held = sample_self();
    r.set_phase("closing");
    for (std::size_t w = 0; w < r.size(); ++w) {
      r.at(w).loop.post([&st, w] {
        for (auto& p : st.peers[w]) {
          p->stop();
        }
      });
    }
    const auto close_start = now_us();
    poll_until(
        w0,
        [&st, close_start] {
          return st.shared.closed.load() >= st.shared.welcomed.load() ||
                 now_us() - close_start > close_timeout_us;
        },
        [&r] { r.finish(); });
  };
  f.server_before = sample_process(r.opts().server_pid);
  f.kernel_before = kernel_slab_bytes();
  f.t_start = now_us();
  r.set_phase("connecting");
  for (std::size_t w = 0; w < r.size(); ++w) {
    r.at(w).loop.post([&st, w] { st.launch(w); });
  }
  poll_until(
      w0, [&st, count] { return st.shared.welcomed.load() + st.shared.failed.load() >= count; },
      [&r, &f, &w0, hold, close_all] {
        f.t_ramped = now_us();
        f.server_ramped = sample_process(r.opts().server_pid);
        r.set_phase("holding");
        w0.after(hold, close_all);
      });
  return r.run();
}

// One step: K connections opened, held, closed. Returns its JSON object.
std::string idle_step(runner& r, int count, const std::string& run_id, idle_state& st) {
  const auto& o = r.opts();
  if (const auto problem = fd_limits_problem(r, count); !problem.empty()) {
    fmt::print("idle: {} connections skipped ({})\n", count, problem);
    return json_object{}.integer("connections_target", count).str("skipped", problem).dump();
  }
  r.reset_stats();
  prepare(r, count, run_id, st);
  idle_figures f;
  const bool in_time = ramp_hold_close(r, count, st, f);
  const int open = st.shared.welcomed.load();
  const double ramp_s = static_cast<double>((f.t_ramped ? f.t_ramped : now_us()) - f.t_start) / 1e6;
  const double per_s = ramp_s > 0 ? open / ramp_s : 0.0;
  const double server_bytes =
      f.server_before && f.server_held && open > 0
          ? static_cast<double>(f.server_held->rss_kb - f.server_before->rss_kb) * 1024.0 / open
          : std::nan("");
  const double kernel_bytes =
      open > 0 ? static_cast<double>(f.kernel_held - f.kernel_before) / open : std::nan("");
  // What the server spent on the set-up (TCP accept, upgrade, token check, Welcome) per
  // connection, whatever else ran on the machine.
  const double server_cpu_us =
      f.server_before && f.server_ramped && open > 0
          ? (f.server_ramped->cpu_s - f.server_before->cpu_s) * 1e6 / open
          : std::nan("");
  fmt::print(
      "idle: {} of {} connections open in {:.2f} s ({:.0f} upgrades/s), server +{:.0f} "
      "bytes per connection (RSS), kernel slab +{:.0f} bytes per connection (both ends, "
      "whole machine)\n",
      open, count, ramp_s, per_s, server_bytes, kernel_bytes);
  return json_object{}
      .integer("connections_target", count)
      .integer("connections", open)
      .integer("failed", st.shared.failed.load())
      .boolean("completed_in_time", in_time)
      .integer("connect_concurrency", o.connect_concurrency)
      .integer("source_ips", (count + ports_per_source_ip - 1) / ports_per_source_ip)
      .num("connect_s", ramp_s)
      .num("connect_per_s", per_s)
      .num("server_cpu_us_per_conn", server_cpu_us)
      .num("hold_s", o.hold_s)
      .integer("server_rss_before_kb", f.server_before ? f.server_before->rss_kb : 0)
      .integer("server_rss_after_kb", f.server_held ? f.server_held->rss_kb : 0)
      .num("server_bytes_per_conn", server_bytes)
      .num("kernel_slab_bytes_per_conn", kernel_bytes)
      .integer("loadgen_rss_kb", f.self_held.rss_kb)
      .raw("problems", problems_json(r.merged()))
      .dump();
}

}  // namespace

std::string run_idle(runner& r) {
  const auto& o = r.opts();
  const auto run_id = o.run_id.empty() ? fmt::format("{}", wall_ms() % 100000000) : o.run_id;
  std::string steps = "[";
  std::vector<std::unique_ptr<idle_state>> states;
  for (std::size_t k = 0; k < o.idle_counts.size(); ++k) {
    states.push_back(std::make_unique<idle_state>());
    steps += (k == 0 ? "" : ", ") + idle_step(r, o.idle_counts[k], run_id, *states.back());
  }
  return json_object{}.str("mode", "idle").raw("steps", steps + "]").dump();
}

}  // namespace fenliu::load
