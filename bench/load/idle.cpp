// idle: opens K connections (customers with no conversation) with a bounded number of
// handshakes in flight, holds them, and reads the server's resident memory before and after.
// The ramp also gives the connection set-up rate: upgrades completed (Welcome received) per
// second.
#include <fmt/format.h>

#include <atomic>

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

// One step: K connections opened, held, closed. Returns its JSON object.
std::string idle_step(runner& r, int count, const std::string& run_id, idle_state& st) {
  const auto& o = r.opts();
  const auto own_limit = raise_fd_limit(static_cast<std::uint64_t>(count) + fd_headroom);
  const auto server_limit = o.server_pid > 0 ? fd_limit_of(o.server_pid) : UINT64_MAX;
  if (own_limit < static_cast<std::uint64_t>(count) + fd_headroom / 2 ||
      server_limit < static_cast<std::uint64_t>(count) + fd_headroom / 2) {
    const auto reason = fmt::format("fd limit too low: load generator {}, server {}", own_limit,
                                    server_limit);
    fmt::print("idle: {} connections skipped ({})\n", count, reason);
    return json_object{}.integer("connections_target", count).str("skipped", reason).dump();
  }
  r.reset_stats();
  const auto n = r.size();
  auto& shared = st.shared;
  auto& peers = st.peers;
  auto& next = st.next;
  auto& in_flight = st.in_flight;
  peers.resize(n);
  next.assign(n, 0);
  in_flight.assign(n, 0);
  const int per_worker_concurrency = std::max(1, o.connect_concurrency / static_cast<int>(n));
  const int sources = (count + ports_per_source_ip - 1) / ports_per_source_ip;

  // Launches connections on worker w while its share of handshakes in flight allows.
  auto& launch = st.launch;
  launch = [&r, &st, count, sources, per_worker_concurrency, run_id, n](std::size_t w) {
    auto& peers = st.peers;
    auto& next = st.next;
    auto& in_flight = st.in_flight;
    while (in_flight[w] < per_worker_concurrency && next[w] < peers[w].size()) {
      const auto i = next[w]++;
      const auto global = i * n + w;
      auto target = r.target_for(r.customer_token(fmt::format("li-{}-{}-{}", run_id, count,
                                                              global)));
      if (sources > 1) {
        target.source_ip = fmt::format("127.0.0.{}", 1 + global % static_cast<std::size_t>(sources));
      }
      ++in_flight[w];
      peers[w][i]->start(target);
    }
  };
  for (std::size_t w = 0; w < n; ++w) {
    const int share = count / static_cast<int>(n) + (static_cast<int>(w) < count % static_cast<int>(n) ? 1 : 0);
    for (int i = 0; i < share; ++i) {
      peers[w].push_back(std::make_unique<idle_peer>(r, r.at(w), shared, [&st, w] {
        --st.in_flight[w];
        st.launch(w);
      }));
    }
  }

  const auto server_before = sample_process(o.server_pid);
  const auto kernel_before = kernel_slab_bytes();
  const auto t_start = now_us();
  std::int64_t t_ramped = 0;
  std::optional<process_sample> server_held;
  std::int64_t kernel_held = 0;
  process_sample self_held;
  auto& w0 = r.at(0).loop;
  r.set_phase("connecting");
  for (std::size_t w = 0; w < n; ++w) {
    r.at(w).loop.post([&, w] { launch(w); });
  }
  poll_until(
      w0, [&] { return shared.welcomed.load() + shared.failed.load() >= count; },
      [&] {
        t_ramped = now_us();
        r.set_phase("holding");
        w0.after(std::chrono::microseconds(static_cast<std::int64_t>(o.hold_s * 1e6)), [&] {
          server_held = sample_process(o.server_pid);
          kernel_held = kernel_slab_bytes();
          self_held = sample_self();
          r.set_phase("closing");
          for (std::size_t w = 0; w < n; ++w) {
            r.at(w).loop.post([&, w] {
              for (auto& p : peers[w]) {
                p->stop();
              }
            });
          }
          const auto close_start = now_us();
          poll_until(
              w0,
              [&, close_start] {
                return shared.closed.load() >= shared.welcomed.load() ||
                       now_us() - close_start > close_timeout_us;
              },
              [&] { r.finish(); });
        });
      });
  const bool in_time = r.run();
  const int open = shared.welcomed.load();
  const double ramp_s = static_cast<double>((t_ramped ? t_ramped : now_us()) - t_start) / 1e6;
  const double per_s = ramp_s > 0 ? open / ramp_s : 0.0;
  const double server_bytes =
      server_before && server_held && open > 0
          ? static_cast<double>(server_held->rss_kb - server_before->rss_kb) * 1024.0 / open
          : std::nan("");
  const double kernel_bytes =
      open > 0 ? static_cast<double>(kernel_held - kernel_before) / open : std::nan("");
  fmt::print("idle: {} of {} connections open in {:.2f} s ({:.0f} upgrades/s), server +{:.0f} "
             "bytes per connection (RSS), kernel slab +{:.0f} bytes per connection (both ends, whole machine)\n",
             open, count, ramp_s, per_s, server_bytes, kernel_bytes);
  const auto s = r.merged();
  return json_object{}
      .integer("connections_target", count)
      .integer("connections", open)
      .integer("failed", shared.failed.load())
      .boolean("completed_in_time", in_time)
      .integer("connect_concurrency", o.connect_concurrency)
      .integer("source_ips", sources)
      .num("connect_s", ramp_s)
      .num("connect_per_s", per_s)
      .num("hold_s", o.hold_s)
      .integer("server_rss_before_kb", server_before ? server_before->rss_kb : 0)
      .integer("server_rss_after_kb", server_held ? server_held->rss_kb : 0)
      .num("server_bytes_per_conn", server_bytes)
      .num("kernel_slab_bytes_per_conn", kernel_bytes)
      .integer("loadgen_rss_kb", self_held.rss_kb)
      .raw("problems", problems_json(s))
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
