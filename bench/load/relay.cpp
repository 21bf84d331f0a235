// relay and echo: every conversation assigned up front, then messages both ways in steps: at a
// target rate (paced per worker, every millisecond) or, for rate 0, as fast as the window of
// unacked sends allows. Step figures come from the per-second series, without the warm-up.
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "frames.hpp"
#include "proc_stats.hpp"
#include "relay_peer.hpp"
#include "report.hpp"
#include "scenarios.hpp"
#include "stats.hpp"

namespace fenliu::load {
namespace {

constexpr auto setup_timeout_us = std::int64_t{60'000'000};
constexpr auto drain_timeout_us = std::int64_t{3'000'000};

// Sends due on one worker during a paced step. Touched only on that worker's thread.
struct pacer {
  double rate = 0;  // this worker's share, msgs/s
  std::int64_t start_us = 0;
  std::uint64_t issued = 0;
  std::uint64_t skipped = 0;  // due but every window full: the server is not keeping up
  std::size_t cursor = 0;
  bool active = false;
};

struct step_result {
  double target = 0;
  std::int64_t start_us = 0;
  std::int64_t end_us = 0;
  std::optional<process_sample> server_a, server_b;
  std::vector<thread_sample> threads_a, threads_b;
  process_sample self_a, self_b;
};

// Figures of one step, from the merged per-second series without its warm-up.
struct step_figures {
  double msgs_per_s = 0;
  std::uint64_t sent = 0;
  histogram latency;
};

class relay_run {
 public:
  relay_run(runner& r, bool echo)
      : r_(r),
        o_(r.opts()),
        echo_(echo),
        peers_(r.size()),
        identities_(r.size()),
        pacers_(r.size()) {}

  std::string run();

 private:
  void create_peers();
  void start_peers(bool agents);
  void wait_until(std::function<bool()> ready, std::function<void()> then);
  bool setup_expired() const;
  void begin_steps();
  void begin_step(std::size_t k);
  void pace(std::size_t worker_index);
  void end_steps();
  std::string report(const worker_stats& s, bool in_time);
  void print_summary(const std::vector<step_figures>& figures) const;

  runner& r_;
  const options& o_;
  bool echo_;
  relay_shared shared_;
  std::vector<std::vector<std::unique_ptr<relay_peer>>> peers_;  // per worker
  std::vector<std::vector<std::string>> identities_;             // token subjects, same shape
  std::vector<pacer> pacers_;
  std::vector<step_result> steps_;
  int agents_ = 0;
  int total_ = 0;
  std::int64_t t0_ = 0;
  std::int64_t setup_end_us_ = 0;
  bool setup_complete_ = false;
};

void relay_run::create_peers() {
  auto ids = r_.agent_ids();
  agents_ = echo_ ? 0 : std::min<int>(static_cast<int>(ids.size()), o_.agents);
  if (!echo_ && agents_ == 0) {
    throw std::runtime_error("the config lists no agents");
  }
  // The echo run opens as many connections as the relay run: customers plus agents.
  const int customers = o_.conversations;
  total_ = customers + (echo_ ? std::min<int>(o_.agents, 1000) : agents_);
  const auto run_id = o_.run_id.empty() ? fmt::format("{}", wall_ms() % 100000000) : o_.run_id;
  for (int i = 0; i < total_; ++i) {
    const auto w = static_cast<std::size_t>(i) % r_.size();
    const bool agent = !echo_ && i < agents_;
    const auto k = echo_ ? relay_peer::kind::echo
                         : (agent ? relay_peer::kind::agent : relay_peer::kind::customer);
    peers_[w].push_back(std::make_unique<relay_peer>(r_, r_.at(w), shared_, k, agent ? "a" : "c"));
    identities_[w].push_back(agent ? ids[static_cast<std::size_t>(i)]
                                   : fmt::format("lr-{}-{}", run_id, i));
  }
}

void relay_run::start_peers(bool agents) {
  for (std::size_t w = 0; w < peers_.size(); ++w) {
    for (std::size_t i = 0; i < peers_[w].size(); ++i) {
      auto& p = peers_[w][i];
      if (p->is_agent() != agents) {
        continue;
      }
      // The echo server ignores the path, so it gets the same upgrade request shape.
      const auto& who = identities_[w][i];
      const auto target = r_.target_for(echo_    ? std::string("echo")
                                        : agents ? r_.agent_token(who)
                                                 : r_.customer_token(who));
      r_.at(w).loop.post([peer = p.get(), target] { peer->start(target); });
    }
  }
}

// Polls on worker 0 every 10 ms.
void relay_run::wait_until(std::function<bool()> ready, std::function<void()> then) {
  poll_until(r_.at(0).loop, std::move(ready), std::move(then));
}

bool relay_run::setup_expired() const {
  return now_us() - t0_ > setup_timeout_us;
}

void relay_run::begin_steps() {
  setup_end_us_ = now_us();
  const int customers = total_ - agents_;
  setup_complete_ = echo_ ? shared_.opened.load() == total_
                          : shared_.customers_assigned.load() == customers &&
                                shared_.agent_assignments.load() == customers;
  r_.set_phase("steps");
  // Steps start on whole seconds of the series so each second belongs to one step.
  const auto elapsed = now_us() - t0_;
  const auto first = t0_ + (elapsed / 1'000'000 + 1) * 1'000'000;
  const auto step_us = static_cast<std::int64_t>(std::llround(o_.step_s)) * 1'000'000;
  for (std::size_t k = 0; k < o_.rates.size(); ++k) {
    step_result s;
    s.target = o_.rates[k];
    s.start_us = first + static_cast<std::int64_t>(k) * step_us;
    s.end_us = s.start_us + step_us;
    steps_.push_back(s);
  }
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    r_.at(0).loop.after(std::chrono::microseconds(steps_[k].start_us - now_us()),
                        [this, k] { begin_step(k); });
  }
  r_.at(0).loop.after(std::chrono::microseconds(steps_.back().end_us - now_us()),
                      [this] { end_steps(); });
}

void relay_run::begin_step(std::size_t k) {
  auto& step = steps_[k];
  const auto warm_us = static_cast<std::int64_t>(std::llround(o_.warmup_s)) * 1'000'000;
  r_.at(0).loop.after(std::chrono::microseconds(warm_us), [this, k] {
    steps_[k].server_a = sample_process(o_.server_pid);
    steps_[k].threads_a = sample_threads(o_.server_pid);
    steps_[k].self_a = sample_self();
  });
  if (k > 0) {
    steps_[k - 1].server_b = sample_process(o_.server_pid);
    steps_[k - 1].threads_b = sample_threads(o_.server_pid);
    steps_[k - 1].self_b = sample_self();
  }
  r_.set_phase(step.target > 0 ? "paced step" : "window step");
  for (std::size_t w = 0; w < r_.size(); ++w) {
    r_.at(w).loop.post([this, w, rate = step.target] {
      auto& p = pacers_[w];
      const bool was_active = p.active;
      p = pacer{};
      p.rate = rate / static_cast<double>(r_.size());
      p.start_us = now_us();
      p.active = rate > 0;
      for (auto& peer : peers_[w]) {
        peer->set_refill(rate <= 0);
        if (rate <= 0) {
          while (peer->try_send()) {
          }
        }
      }
      if (p.active && !was_active) {
        pace(w);
      }
    });
  }
}

void relay_run::pace(std::size_t w) {
  auto& p = pacers_[w];
  if (!p.active) {
    return;
  }
  auto& peers = peers_[w];
  const auto now = now_us();
  const double due_total = p.rate * static_cast<double>(now - p.start_us) / 1e6;
  auto due = static_cast<std::int64_t>(due_total) - static_cast<std::int64_t>(p.issued);
  // A backlog longer than 50 ms is dropped rather than sent as a burst later.
  const auto cap = static_cast<std::int64_t>(std::max(1.0, p.rate * 0.05));
  if (due > cap) {
    p.skipped += static_cast<std::uint64_t>(due - cap);
    p.issued += static_cast<std::uint64_t>(due - cap);
    due = cap;
  }
  std::size_t misses = 0;
  while (due > 0 && !peers.empty() && misses < peers.size()) {
    auto& peer = *peers[p.cursor++ % peers.size()];
    if (peer.try_send()) {
      ++p.issued;
      --due;
      misses = 0;
    } else {
      ++misses;
    }
  }
  r_.at(w).loop.after(std::chrono::milliseconds(1), [this, w] { pace(w); });
}

void relay_run::end_steps() {
  steps_.back().server_b = sample_process(o_.server_pid);
  steps_.back().threads_b = sample_threads(o_.server_pid);
  steps_.back().self_b = sample_self();
  r_.set_phase("draining");
  for (std::size_t w = 0; w < r_.size(); ++w) {
    r_.at(w).loop.post([this, w] {
      pacers_[w].active = false;
      for (auto& peer : peers_[w]) {
        peer->set_refill(false);
      }
    });
  }
  const auto drain_start = now_us();
  wait_until(
      [this, drain_start] {
        return shared_.in_flight.load() <= 0 || now_us() - drain_start > drain_timeout_us;
      },
      [this] {
        r_.set_phase("closing");
        for (std::size_t w = 0; w < r_.size(); ++w) {
          r_.at(w).loop.post([this, w] {
            for (auto& peer : peers_[w]) {
              peer->stop();
            }
          });
        }
        const auto close_start = now_us();
        wait_until(
            [this, close_start] {
              return shared_.closed.load() >= shared_.opened.load() ||
                     now_us() - close_start > drain_timeout_us;
            },
            [this] { r_.finish(); });
      });
}

std::string relay_run::run() {
  create_peers();
  t0_ = now_us();
  r_.set_series_start(t0_);
  if (echo_) {
    r_.set_phase("connecting");
    start_peers(false);
    wait_until(
        [this] {
          return shared_.opened.load() + shared_.closed.load() >= total_ || setup_expired();
        },
        [this] { begin_steps(); });
  } else {
    r_.set_phase("agents");
    start_peers(true);
    wait_until([this] { return shared_.agents_online.load() >= agents_ || setup_expired(); },
               [this] {
                 r_.set_phase("assigning");
                 start_peers(false);
                 const int customers = total_ - agents_;
                 wait_until(
                     [this, customers] {
                       return (shared_.customers_assigned.load() >= customers &&
                               shared_.agent_assignments.load() >= customers) ||
                              setup_expired();
                     },
                     [this] { begin_steps(); });
               });
  }
  const bool in_time = r_.run();
  return report(r_.merged(), in_time);
}

step_figures figures_of(const worker_stats& s, const step_result& step, std::int64_t t0,
                        double warmup_s) {
  step_figures f;
  const auto first = static_cast<std::size_t>((step.start_us - t0) / 1'000'000) +
                     static_cast<std::size_t>(std::llround(warmup_s));
  const auto last = static_cast<std::size_t>((step.end_us - t0) / 1'000'000);
  std::uint64_t delivered = 0;
  for (std::size_t i = first; i < last && i < s.seconds.size(); ++i) {
    delivered += s.seconds[i].delivered;
    f.sent += s.seconds[i].sent;
    f.latency.merge(s.seconds[i].latency);
  }
  f.msgs_per_s =
      last > first ? static_cast<double>(delivered) / static_cast<double>(last - first) : 0.0;
  return f;
}

void relay_run::print_summary(const std::vector<step_figures>& figures) const {
  fmt::print("{}: {} connections ({} agents), window {}, {} steps of {:.0f} s{}\n",
             echo_ ? "echo" : "relay", total_, agents_, o_.window, steps_.size(), o_.step_s,
             setup_complete_ ? "" : " (setup incomplete!)");
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    const auto& f = figures[k];
    fmt::print(
        "  target {:>8} msgs/s: {:9.0f} msgs/s  p50 {:7.0f} us  p99 {:7.0f} us  "
        "p999 {:7.0f} us  server {}\n",
        steps_[k].target > 0 ? fmt::format("{:.0f}", steps_[k].target) : "max", f.msgs_per_s,
        f.latency.percentile(0.5), f.latency.percentile(0.99), f.latency.percentile(0.999),
        server_json(steps_[k].server_a, steps_[k].server_b));
  }
}

std::string relay_run::report(const worker_stats& s, bool in_time) {
  std::string steps_json = "[";
  double best_rate = 0;
  const step_figures* headline = nullptr;
  double headline_target = 0;
  std::vector<step_figures> figures;
  figures.reserve(steps_.size());
  for (const auto& step : steps_) {
    figures.push_back(figures_of(s, step, t0_, o_.warmup_s));
    best_rate = std::max(best_rate, figures.back().msgs_per_s);
  }
  // Headline latency: the highest paced step the server kept up with (95% of its target) at no
  // more than half the best throughput, i.e. latency at half load. Near saturation latency is
  // mostly queueing of the window (Little's law); the steps keep those figures.
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    const double target = steps_[k].target;
    const bool kept_up = target > 0 && figures[k].msgs_per_s >= 0.95 * target;
    const bool half_load = target <= 0.5 * best_rate;
    if (kept_up && (headline == nullptr || (half_load && target > headline_target))) {
      headline = &figures[k];
      headline_target = target;
    }
  }
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    const auto& f = figures[k];
    const auto& step = steps_[k];
    const bool kept_up = step.target > 0 && f.msgs_per_s >= 0.95 * step.target;
    steps_json += fmt::format(
        "{}{}", k == 0 ? "" : ", ",
        json_object{}
            .num("target_msgs_per_s", step.target)
            .num("msgs_per_s", f.msgs_per_s)
            .boolean("kept_up", step.target <= 0 || kept_up)
            .raw("latency_us", latency_json(f.latency))
            .raw("server", server_json(step.server_a, step.server_b))
            .raw("server_threads",
                 threads_json(
                     step.threads_a, step.threads_b,
                     step.server_a && step.server_b
                         ? static_cast<double>(step.server_b->at_us - step.server_a->at_us) / 1e6
                         : 0.0))
            .raw("loadgen", server_json(step.self_a, step.self_b))
            .dump());
  }
  steps_json += "]";
  if (headline == nullptr && !figures.empty()) {
    headline = &figures.back();
  }
  const histogram empty;
  const auto& lat = headline ? headline->latency : empty;
  const double lat_rate = headline ? headline->msgs_per_s : 0.0;
  print_summary(figures);
  if (!o_.series.empty()) {
    write_series_csv(s, o_.series);
  }
  return json_object{}
      .str("mode", echo_ ? "echo" : "relay")
      .boolean("completed_in_time", in_time)
      .boolean("setup_complete", setup_complete_)
      .integer("connections", total_)
      .integer("agents", agents_)
      .integer("conversations", total_ - agents_)
      .integer("window", o_.window)
      .integer("text_bytes", o_.text_bytes)
      .num("setup_s", static_cast<double>(setup_end_us_ - t0_) / 1e6)
      .num("msgs_per_s", best_rate)
      .num("latency_at_msgs_per_s", lat_rate)
      .raw("latency_us", latency_json(lat))
      .raw("ack_latency_us", latency_json(s.ack))
      .integer("sent", static_cast<std::int64_t>(s.sent))
      .integer("acked", static_cast<std::int64_t>(s.acked))
      .integer("delivered", static_cast<std::int64_t>(s.delivered))
      .raw("steps", steps_json)
      .raw("problems", problems_json(s))
      .raw("series", series_json(s))
      .dump();
}

}  // namespace

std::string run_relay(runner& r) {
  return relay_run(r, false).run();
}
std::string run_echo(runner& r) {
  return relay_run(r, true).run();
}

}  // namespace fenliu::load
