// Router core micro-benchmark: routing decisions per second and latency per decision with
// 10,000 agents and 100,000 queued conversations across stages and skills, and the cost of
// one queue-position sweep. Usage: fenliu_router_bench [out.json]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fenliu/router/router.hpp"

namespace fr = fenliu::router;

namespace {

constexpr int agent_count = 10'000;
constexpr std::size_t queued_target = 100'000;
constexpr int skill_count = 12;
constexpr int measured_decisions = 200'000;
constexpr fr::time_ms start = 1'700'000'000'000;

using clock_type = std::chrono::steady_clock;

std::string skill_name(int i) { return fmt::format("s{}", i); }

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

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path out_path = argc > 1 ? argv[1] : "bench/out/router.json";
  std::mt19937_64 rng(42);
  fr::router r;
  fr::time_ms now = start;
  std::vector<fr::router_action> out;
  out.reserve(1 << 16);

  auto agents = make_agents(rng);
  std::vector<fr::agent_id> ids;
  for (const auto& a : agents) {
    ids.push_back(a.id);
  }
  r.handle(fr::event::configure{bench_config(), std::move(agents)}, now, out);
  for (const auto& id : ids) {
    r.handle(fr::event::agent_connected{id}, now, out);
  }

  // Fill: agents to capacity (where skills allow), then 100,000 waiting.
  std::vector<fr::conversation_id> active;
  fr::conversation_id next_id = 1;
  std::size_t assigned_total = 0;
  const auto collect_assigned = [&] {
    for (const auto& a : out) {
      if (const auto* as = std::get_if<fr::action::assigned>(&a)) {
        active.push_back(as->conversation);
        ++assigned_total;
      }
    }
    out.clear();
  };
  const auto fill_started = clock_type::now();
  // Every request is either assigned once or still waiting (nothing is closed yet).
  while (next_id - 1 - assigned_total < queued_target) {
    ++now;
    r.handle(make_request(rng, next_id++), now, out);
    collect_assigned();
  }
  const double fill_s = std::chrono::duration<double>(clock_type::now() - fill_started).count();
  fmt::print("fill: {} agents, {} active, {} queued, {} requests in {:.2f} s\n", agent_count,
             active.size(), queued(r, now), next_id - 1, fill_s);

  // Measured: alternately close an active conversation (the agent pulls the best queued one)
  // and admit a new request (routed or queued), keeping the queue near 100,000.
  std::vector<double> us;
  us.reserve(measured_decisions);
  std::vector<double> close_us;
  std::vector<double> request_us;
  std::uniform_int_distribution<std::size_t> any;
  const auto run_started = clock_type::now();
  for (int i = 0; i < measured_decisions; ++i) {
    ++now;
    fr::router_event ev;
    if (i % 2 == 0 && !active.empty()) {
      const std::size_t k = any(rng) % active.size();
      std::swap(active[k], active.back());
      ev = fr::event::conversation_closed{active.back(), "agent"};
      active.pop_back();
    } else {
      ev = make_request(rng, next_id++);
    }
    const auto t1 = clock_type::now();
    r.handle(ev, now, out);
    const auto t2 = clock_type::now();
    us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    (std::holds_alternative<fr::event::conversation_closed>(ev) ? close_us : request_us)
        .push_back(us.back());
    collect_assigned();
  }
  const double run_s = std::chrono::duration<double>(clock_type::now() - run_started).count();

  // One sweep after the head moved: every waiting customer gets a new position.
  ++now;
  r.sweep_queue_status(now, out);
  out.clear();
  r.handle(fr::event::conversation_closed{active.front(), "agent"}, ++now, out);
  out.clear();
  const auto s1 = clock_type::now();
  r.sweep_queue_status(now, out);
  const double sweep_us = std::chrono::duration<double, std::micro>(clock_type::now() - s1).count();
  const std::size_t sweep_updates = out.size();
  out.clear();
  const auto s2 = clock_type::now();
  r.sweep_queue_status(now, out);
  const double idle_sweep_us =
      std::chrono::duration<double, std::micro>(clock_type::now() - s2).count();

  double total_us = 0;
  for (double v : us) {
    total_us += v;
  }
  const double per_s = static_cast<double>(us.size()) / (total_us / 1e6);
  const double p50 = percentile(us, 0.50);
  const double p99 = percentile(us, 0.99);
  fmt::print("decisions: {} in {:.2f} s wall; {:.0f} decisions/s (handler time), p50 {:.2f} us, "
             "p99 {:.2f} us, queue {} at end\n",
             us.size(), run_s, per_s, p50, p99, queued(r, now));
  fmt::print("  close + pull from queue: p50 {:.2f} us, p99 {:.2f} us; new request: p50 {:.2f} us, "
             "p99 {:.2f} us\n",
             percentile(close_us, 0.5), percentile(close_us, 0.99), percentile(request_us, 0.5),
             percentile(request_us, 0.99));
  fmt::print("queue sweep: {:.0f} us with {} updates; {:.0f} us with none\n", sweep_us,
             sweep_updates, idle_sweep_us);

  if (out_path.has_parent_path()) {
    std::filesystem::create_directories(out_path.parent_path());
  }
  std::ofstream f(out_path);
  f << fmt::format(
      "{{\n  \"router.decisions_per_s\": {:.0f},\n  \"router.decision_us.p50\": {:.3f},\n"
      "  \"router.decision_us.p99\": {:.3f},\n  \"router.queue_sweep_us\": {:.0f},\n"
      "  \"router.queue_sweep_unchanged_us\": {:.0f},\n  \"router.queue_sweep_updates\": {},\n"
      "  \"router.agents\": {},\n  \"router.queued\": {}\n}}\n",
      per_s, p50, p99, sweep_us, idle_sweep_us, sweep_updates, agent_count, queued(r, now));
  fmt::print("wrote {}\n", out_path.string());
  return f ? 0 : 1;
}
