// Router core micro-benchmark: routing decisions per second and latency per decision with
// 10,000 agents and 100,000 queued conversations across stages and skills, and the cost of
// one queue-position sweep. Usage: fenliu_router_bench [out.json] [--digest]
// --digest also folds every action into a hash and prints it: an optimisation of the core must
// leave it unchanged (same decisions, records and statuses); it costs time, so figures taken
// with it are not comparable.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fenliu/router/router.hpp"

namespace fr = fenliu::router;

namespace {

constexpr int agent_count = 10'000;
constexpr std::size_t queued_target = 100'000;
constexpr int skill_count = 12;
constexpr int measured_decisions = 200'000;
constexpr fr::time_ms start = 1'700'000'000'000;

using clock_type = std::chrono::steady_clock;

std::string skill_name(int i) {
  return fmt::format("s{}", i);
}

std::vector<fr::agent_profile> make_agents(std::mt19937_64& rng) {
  std::vector<fr::agent_profile> agents;
  std::uniform_int_distribution<int> skill(0, skill_count - 1);
  std::uniform_int_distribution<int> level(1, 5);
  for (int i = 0; i < agent_count; ++i) {
    fr::agent_profile p;
    p.id = fmt::format("agent{:05}", i);
    p.display_name = p.id;
    p.stages.push_back(static_cast<fr::stage>(i % fr::stage_count));
    if (i % 5 == 0) {
      p.stages.push_back(static_cast<fr::stage>((i + 1) % fr::stage_count));
    }
    for (int k = 0; k < 3; ++k) {
      p.skills.push_back({skill_name(skill(rng)), level(rng)});
    }
    p.capacity = 5;
    p.shifts.always_on = true;
    agents.push_back(std::move(p));
  }
  return agents;
}

fr::event::conversation_requested make_request(std::mt19937_64& rng, fr::conversation_id id) {
  std::uniform_int_distribution<int> pick(0, 99);
  std::uniform_int_distribution<int> skill(0, skill_count - 1);
  std::uniform_int_distribution<int> level(1, 3);
  fr::event::conversation_requested r;
  r.conversation = id;
  r.customer = fmt::format("buyer{}", id);
  r.stage_ = static_cast<fr::stage>(pick(rng) % fr::stage_count);
  const int roll = pick(rng);
  const int skills = roll < 30 ? 0 : roll < 85 ? 1 : 2;
  for (int k = 0; k < skills; ++k) {
    r.required_skills.push_back({skill_name(skill(rng)), level(rng)});
  }
  r.priority = pick(rng) < 10 ? 1 : 0;
  return r;
}

fr::router_config bench_config() {
  fr::router_config c;
  c.wrap_up_s = 0;
  c.first_reply_deadline_s = 1'000'000;
  c.queue_status_interval_ms = 1'000'000'000;  // sweeps are measured on their own
  for (auto& s : c.stages) {
    s.relax_skills_after_s = 1'000'000;
    s.overflow_after_s = 2'000'000;
    s.alert_after_s = 3'000'000;
    s.max_wait_s = 4'000'000;
  }
  return c;
}

double percentile(std::vector<double>& v, double p) {
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::size_t queued(const fr::router& r, fr::time_ms now) {
  std::size_t n = 0;
  for (const auto& s : r.stages(now)) {
    n += static_cast<std::size_t>(s.queued);
  }
  return n;
}

// CPU time of this process: on a shared 2-core machine wall time includes other processes.
double process_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double elapsed_us(clock_type::time_point from) {
  return std::chrono::duration<double, std::micro>(clock_type::now() - from).count();
}

/// FNV-1a over the fields of every action the router emitted, when enabled.
struct action_digest {
  bool enabled = false;
  std::uint64_t h = 0xcbf29ce484222325ULL;

  void mix(std::string_view s) {
    for (const char ch : s) {
      h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
    }
    h = (h ^ 0xffU) * 0x100000001b3ULL;
  }
  void mix(std::int64_t v) { mix(std::string_view(reinterpret_cast<const char*>(&v), sizeof v)); }
  void add(const fr::router_action& a) {
    if (!enabled) {
      return;
    }
    mix(static_cast<std::int64_t>(a.index()));
    std::visit([&](const auto& x) { fold(x); }, a);
  }
  void fold(const fr::action::assigned& x) {
    mix(static_cast<std::int64_t>(x.conversation));
    mix(x.customer);
    mix(x.agent);
    mix(static_cast<std::int64_t>(x.stage_));
    mix(x.rule);
    mix(x.previous_agent.value_or("-"));
  }
  void fold(const fr::action::decision& x) {
    mix(static_cast<std::int64_t>(x.record.conversation));
    mix(x.record.at);
    mix(x.record.rule);
    mix(x.record.winner.value_or("-"));
    for (const auto& c : x.record.candidates) {
      mix(c.agent);
      mix(c.rejected_because);
    }
  }
  void fold(const fr::action::queue_status& x) {
    mix(static_cast<std::int64_t>(x.conversation));
    mix(x.customer);
    mix(x.position);
    mix(x.eta_s);
    mix(static_cast<std::int64_t>(x.stage_) | (x.waiting_for_previous_agent ? 16 : 0) |
        (x.leave_message_offered ? 32 : 0) | (x.no_agents_online ? 64 : 0));
  }
  void fold(const fr::action::phase_changed& x) {
    mix(static_cast<std::int64_t>(x.conversation));
    mix(static_cast<std::int64_t>(x.phase));
  }
  void fold(const fr::action::agent_state_changed& x) {
    mix(x.agent);
    mix(static_cast<std::int64_t>(x.state));
    mix(x.reason);
    mix(x.load);
    mix(x.capacity);
  }
  void fold(const fr::action::schedule_tick& x) { mix(x.at); }
  template <typename T>
  void fold(const T&) {}  // not emitted by this workload; the index is still counted
};

/// The router under test plus the driver's bookkeeping.
struct floor_sim {
  std::mt19937_64 rng{42};
  fr::router r;
  fr::time_ms now = start;
  std::vector<fr::router_action> out;
  std::vector<fr::conversation_id> active;
  fr::conversation_id next_id = 1;
  std::size_t assigned_total = 0;
  action_digest* digest = nullptr;

  void send(const fr::router_event& ev) {
    r.handle(ev, now, out);
    collect();
  }
  void collect() {
    for (const auto& a : out) {
      digest->add(a);
      if (const auto* as = std::get_if<fr::action::assigned>(&a)) {
        active.push_back(as->conversation);
        ++assigned_total;
      }
    }
    out.clear();
  }
};

void fill(floor_sim& sim) {
  auto agents = make_agents(sim.rng);
  std::vector<fr::agent_id> ids;
  for (const auto& a : agents) {
    ids.push_back(a.id);
  }
  sim.out.reserve(1 << 16);
  sim.send(fr::event::configure{bench_config(), std::move(agents)});
  for (const auto& id : ids) {
    sim.send(fr::event::agent_connected{id});
  }
  const auto started = clock_type::now();
  // Agents to capacity (where skills allow), then 100,000 waiting: every request is either
  // assigned once or still waiting, since nothing is closed yet.
  while (sim.next_id - 1 - sim.assigned_total < queued_target) {
    ++sim.now;
    sim.send(make_request(sim.rng, sim.next_id++));
  }
  fmt::print("fill: {} agents, {} active, {} queued, {} requests in {:.2f} s\n", agent_count,
             sim.active.size(), queued(sim.r, sim.now), sim.next_id - 1, elapsed_us(started) / 1e6);
}

struct decision_times {
  std::vector<double> all;
  std::vector<double> close;
  std::vector<double> request;
  double cpu_s = 0;  // CPU time of the whole loop, driver included: immune to preemption
};

// Alternately closes an active conversation (its agent pulls the best queued one) and admits a
// new request (routed or queued), so the queue stays near 100,000.
decision_times measure(floor_sim& sim) {
  decision_times t;
  t.all.reserve(measured_decisions);
  std::uniform_int_distribution<std::size_t> any;
  const double cpu_started = process_cpu_s();
  for (int i = 0; i < measured_decisions; ++i) {
    ++sim.now;
    fr::router_event ev;
    const bool close = i % 2 == 0 && !sim.active.empty();
    if (close) {
      const std::size_t k = any(sim.rng) % sim.active.size();
      std::swap(sim.active[k], sim.active.back());
      ev = fr::event::conversation_closed{sim.active.back(), "agent"};
      sim.active.pop_back();
    } else {
      ev = make_request(sim.rng, sim.next_id++);
    }
    const auto t1 = clock_type::now();
    sim.r.handle(ev, sim.now, sim.out);
    const double us = elapsed_us(t1);
    t.all.push_back(us);
    (close ? t.close : t.request).push_back(us);
    sim.collect();
  }
  t.cpu_s = process_cpu_s() - cpu_started;
  return t;
}

struct sweep_cost {
  double moved_us = 0;
  std::size_t updates = 0;
  double unchanged_us = 0;
};

// Sweeps after the head moved (everyone behind it in that stage gets a new position) and with
// nothing to send; the median of a few runs, as one sample on a shared machine is noisy.
sweep_cost measure_sweep(floor_sim& sim) {
  constexpr int runs = 7;
  std::vector<double> moved;
  std::vector<double> unchanged;
  sweep_cost c;
  sim.r.sweep_queue_status(++sim.now, sim.out);
  sim.collect();
  for (int i = 0; i < runs; ++i) {
    sim.r.handle(fr::event::conversation_closed{sim.active.back(), "agent"}, ++sim.now, sim.out);
    sim.active.pop_back();
    sim.collect();
    auto t1 = clock_type::now();
    sim.r.sweep_queue_status(sim.now, sim.out);
    moved.push_back(elapsed_us(t1));
    c.updates = sim.out.size();
    sim.collect();
    t1 = clock_type::now();
    sim.r.sweep_queue_status(sim.now, sim.out);
    unchanged.push_back(elapsed_us(t1));
    sim.collect();
  }
  c.moved_us = percentile(moved, 0.5);
  c.unchanged_us = percentile(unchanged, 0.5);
  return c;
}

// A fresh floor with every agent free: each request is matched against the availability
// indices (no queue involved). Returns per-decision times.
std::vector<double> measure_direct(action_digest& digest) {
  floor_sim sim;
  sim.digest = &digest;
  auto agents = make_agents(sim.rng);
  std::vector<fr::agent_id> ids;
  for (const auto& a : agents) {
    ids.push_back(a.id);
  }
  sim.send(fr::event::configure{bench_config(), std::move(agents)});
  for (const auto& id : ids) {
    sim.send(fr::event::agent_connected{id});
  }
  std::vector<double> us;
  constexpr int direct_requests = 20'000;  // well below the 50,000 slots
  us.reserve(direct_requests);
  for (int i = 0; i < direct_requests; ++i) {
    ++sim.now;
    const fr::router_event ev = make_request(sim.rng, sim.next_id++);
    const auto t1 = clock_type::now();
    sim.r.handle(ev, sim.now, sim.out);
    us.push_back(elapsed_us(t1));
    sim.collect();
  }
  return us;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path out_path = "bench/out/router.json";
  action_digest digest;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--digest") {
      digest.enabled = true;
    } else {
      out_path = argv[i];
    }
  }
  floor_sim sim;
  sim.digest = &digest;
  fill(sim);
  decision_times t = measure(sim);
  const sweep_cost sweep = measure_sweep(sim);
  std::vector<double> direct = measure_direct(digest);
  const double direct_p50 = percentile(direct, 0.50);
  const double direct_p99 = percentile(direct, 0.99);

  // Throughput per CPU-second of the measured loop (driver included): router.decisions_per_s
  // has always been this figure; router.decisions_per_cpu_s names it plainly.
  const double per_s = static_cast<double>(t.all.size()) / t.cpu_s;
  const double p50 = percentile(t.all, 0.50);
  const double p99 = percentile(t.all, 0.99);
  fmt::print(
      "decisions: {} with {} queued; {:.0f} decisions/s (per CPU-second), p50 {:.2f} us, "
      "p99 {:.2f} us\n",
      t.all.size(), queued(sim.r, sim.now), per_s, p50, p99);
  fmt::print(
      "  close + pull from queue: p50 {:.2f} us, p99 {:.2f} us; new request: p50 {:.2f} "
      "us, p99 {:.2f} us\n",
      percentile(t.close, 0.5), percentile(t.close, 0.99), percentile(t.request, 0.5),
      percentile(t.request, 0.99));
  fmt::print("  request to a free agent (empty queue): p50 {:.2f} us, p99 {:.2f} us\n", direct_p50,
             direct_p99);
  fmt::print("queue sweep (median of 7): {:.0f} us with {} updates; {:.0f} us with none\n",
             sweep.moved_us, sweep.updates, sweep.unchanged_us);

  if (out_path.has_parent_path()) {
    std::filesystem::create_directories(out_path.parent_path());
  }
  std::ofstream f(out_path);
  f << fmt::format(
      "{{\n  \"router.decisions_per_s\": {:.0f},\n  \"router.decision_us.p50\": {:.3f},\n"
      "  \"router.decision_us.p99\": {:.3f},\n  \"router.queue_sweep_us\": {:.0f},\n"
      "  \"router.queue_sweep_unchanged_us\": {:.0f},\n  \"router.queue_sweep_updates\": {},\n"
      "  \"router.direct_us.p50\": {:.3f},\n  \"router.direct_us.p99\": {:.3f},\n"
      "  \"router.agents\": {},\n  \"router.queued\": {},\n"
      "  \"router.decisions_per_cpu_s\": {:.0f}\n}}\n",
      per_s, p50, p99, sweep.moved_us, sweep.unchanged_us, sweep.updates, direct_p50, direct_p99,
      agent_count, queued(sim.r, sim.now), per_s);
  if (digest.enabled) {
    fmt::print("digest of every action: {:016x}\n", digest.h);
  }
  fmt::print("wrote {}\n", out_path.string());
  return f ? 0 : 1;
}
