// Randomised but seeded event streams over a small floor with every feature switched on: the
// core must stay consistent (capacity never exceeded, loads match the conversations) and be
// deterministic (same events and times, same actions).

#include <random>

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

std::vector<agent_profile> busy_floor() {
  std::vector<agent_profile> team;
  const std::vector<std::string> skills = {"size", "fabric", "refund", "shipping", "general"};
  for (int i = 0; i < 8; ++i) {
    agent_profile p = agent(fmt::format("ag{}", i), {static_cast<stage>(i % 3)},
                            {{skills[static_cast<std::size_t>(i) % 5], 1 + i % 5},
                             {skills[static_cast<std::size_t>(i + 2) % 5], 3}},
                            1 + i % 3);
    if (i % 4 == 0) {
      p.stages.push_back(static_cast<stage>((i + 1) % 3));
    }
    if (i % 3 == 1) {
      // A short weekly shift on every day, so shift starts and ends happen in the stream.
      p.shifts.always_on = false;
      for (auto& d : p.shifts.weekly) {
        d = {{0, 300}, {600, 900}, {1200, 1440}};
      }
    }
    team.push_back(std::move(p));
  }
  return team;
}

router_config busy_config() {
  router_config c;
  c.wrap_up_s = 5;
  c.offer_timeout_s = 10;
  c.first_reply_deadline_s = 40;
  c.sticky_wait_s = 8;
  c.disconnect_grace_s = 20;
  c.queue_return_grace_s = 30;
  c.queue_status_interval_ms = 2'000;
  for (int s = 0; s < stage_count; ++s) {
    auto& p = c.stages[s];
    p.policy = static_cast<selection_policy>(s);
    p.manual_accept = s == 1;
    p.relax_skills_after_s = 15;
    p.overflow_after_s = 30;
    p.overflow_skill = "general";
    p.overflow_stages = {static_cast<stage>((s + 1) % 3)};
    p.alert_after_s = 60;
    p.max_wait_s = 120;
  }
  return c;
}

// A conversation an agent holds right now, so closes and replies keep the floor moving.
conversation_id held_conversation(std::mt19937_64& rng, router& core, conversation_id next_id) {
  std::vector<conversation_id> held;
  for (conversation_id id = 1; id < next_id; ++id) {
    const auto v = core.conversation(id);
    if (v && v->agent) {
      held.push_back(id);
    }
  }
  return held.empty() ? 0 : held[rng() % held.size()];
}

router_event random_event(std::mt19937_64& rng, conversation_id& next_id, router& core) {
  const std::vector<std::string> skills = {"size", "fabric", "refund", "shipping", "general"};
  // Mostly recent conversations: those are the ones still open.
  const auto any_conv = [&] {
    const conversation_id window = std::min<conversation_id>(next_id, 40);
    return static_cast<conversation_id>(next_id - rng() % window);
  };
  const auto any_agent = [&] { return fmt::format("ag{}", rng() % 8); };
  switch (rng() % 16) {
    case 0:
    case 1:
    case 2: {
      auto r = request(next_id++, static_cast<stage>(rng() % 3));
      if (rng() % 2 == 0) {
        r.required_skills = {{skills[rng() % 5], static_cast<int>(1 + rng() % 4)}};
      }
      r.priority = static_cast<int>(rng() % 3 == 0);
      if (rng() % 4 == 0) {
        r.previous_agent = any_agent();
      }
      return r;
    }
    case 3:
      return event::conversation_closed{held_conversation(rng, core, next_id), "x"};
    case 4:
      return event::customer_messaged{any_conv()};
    case 5:
      return event::agent_replied{any_conv(), any_agent()};
    case 6:
      return event::offer_accepted{any_conv(), any_agent()};
    case 7:
      return event::offer_declined{any_conv(), any_agent()};
    case 8:
      return rng() % 2 ? router_event{event::customer_left{any_conv()}}
                       : router_event{event::customer_returned{any_conv()}};
    case 9:
      return rng() % 2 ? router_event{event::agent_disconnected{any_agent()}}
                       : router_event{event::agent_connected{any_agent()}};
    case 10:
      // Mostly back to online, or the floor ends up away.
      return event::agent_state_set{
          any_agent(), rng() % 3 != 0 ? agent_state::online : static_cast<agent_state>(rng() % 4),
          "sup"};
    case 11:
      return event::transfer_requested{
          any_conv(), {static_cast<stage>(rng() % 3), std::nullopt, std::nullopt}, "note", "x"};
    case 12:
      return event::order_state_changed{any_conv(), rng() % 2 ? "paid" : "refund_open"};
    case 13:
      return event::customer_chose_leave_message{any_conv()};
    case 14:
      return event::awaiting_logistics{any_conv()};
    default:
      return event::tick{};
  }
}

std::string describe(const router_action& a) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, action::assigned>) {
          return fmt::format("assigned {} {} {}", v.conversation, v.agent, v.rule);
        } else if constexpr (std::is_same_v<T, action::queue_status>) {
          return fmt::format("status {} {} {}", v.conversation, v.position, v.eta_s);
        } else if constexpr (std::is_same_v<T, action::schedule_tick>) {
          return fmt::format("tick {}", v.at);
        } else if constexpr (std::is_same_v<T, action::decision>) {
          return fmt::format("decision {} {} {}", v.record.conversation, v.record.rule,
                             v.record.candidates.size());
        } else if constexpr (std::is_same_v<T, action::phase_changed>) {
          return fmt::format("phase {} {}", v.conversation, static_cast<int>(v.phase));
        } else {
          return std::string{typeid(T).name()};
        }
      },
      a);
}

std::vector<std::string> run_stream(std::uint64_t seed, bool check) {
  std::mt19937_64 rng(seed);
  const auto team = busy_floor();
  router_harness h(team, busy_config());
  std::vector<std::string> log;
  conversation_id next_id = 1;
  time_ms t = t0;
  for (int step = 0; step < 3'000; ++step) {
    t += static_cast<time_ms>(rng() % 4'000);
    for (const auto& a : h.send(random_event(rng, next_id, h.core()), t)) {
      log.push_back(describe(a));
    }
    if (!check) {
      continue;
    }
    std::map<agent_id, int> held;
    for (conversation_id id = 1; id < next_id; ++id) {
      const auto v = h.core().conversation(id);
      if (v && v->agent) {
        ++held[*v->agent];
      }
    }
    bool consistent = true;
    for (const auto& a : h.core().agents(t)) {
      EXPECT_LE(a.load, a.capacity) << a.id << " step " << step;
      EXPECT_EQ(a.load, held[a.id]) << a.id << " step " << step;
      consistent = consistent && a.load <= a.capacity && a.load == held[a.id];
    }
    if (!consistent) {
      break;  // one report per stream is enough
    }
  }
  return log;
}

TEST(router_invariants, capacity_and_load_hold_on_random_streams) {
  for (std::uint64_t seed : {1U, 2U, 3U, 4U}) {
    SCOPED_TRACE(seed);
    run_stream(seed, true);
  }
}

TEST(router_invariants, same_events_same_actions) {
  const auto a = run_stream(11, false);
  const auto b = run_stream(11, false);
  EXPECT_EQ(a, b);
  // The stream exercises the rules, not just the queue.
  std::map<std::string, int> kinds;
  for (const auto& line : a) {
    ++kinds[line.substr(0, line.find(' '))];
  }
  EXPECT_GT(kinds["assigned"], 150);
  EXPECT_GT(kinds["decision"], 500);
  EXPECT_GT(kinds["status"], 200);
}

}  // namespace
}  // namespace fenliu::router::testing
