// The router service's timer decision at explicit timestamps: every announced deadline is
// followed, a tick that came early arms the same deadline again, nothing else touches the timer.

#include "fenliu/router/tick_plan.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "fenliu/router/router.hpp"

namespace fenliu::router {
namespace {

constexpr time_ms t0 = 1'700'000'000'000;
constexpr time_ms sec = 1'000;

agent_profile one_agent(const agent_id& id) {
  agent_profile p;
  p.id = id;
  p.display_name = id;
  p.stages = {stage::pre_sales};
  p.capacity = 1;
  p.shifts.always_on = true;
  return p;
}

struct step {
  std::string what;
  time_ms now;
  bool was_tick;
  std::optional<time_ms> announced;
  bool arm;
  time_ms at;
  time_ms delay_ms;
};

TEST(tick_plan, arms_for_announcements_and_again_after_an_early_tick) {
  const std::vector<step> table = {
      {"an event before any deadline", t0, false, std::nullopt, false, 0, 0},
      {"a spurious tick before any deadline", t0, true, std::nullopt, false, 0, 0},
      {"the core announces a deadline", t0, false, t0 + 5 * sec, true, t0 + 5 * sec, 5 * sec + 1},
      {"another event, nothing announced: the timer keeps waiting", t0 + sec, false, std::nullopt,
       false, 0, 0},
      {"the tick comes 1 ms early: the same deadline again", t0 + 5 * sec - 1, true, std::nullopt,
       true, t0 + 5 * sec, 2},
      {"it comes 1 ms early once more", t0 + 5 * sec - 1, true, std::nullopt, true, t0 + 5 * sec,
       2},
      {"on time, the core handled it and has nothing after it", t0 + 5 * sec, true, std::nullopt,
       false, 0, 0},
      {"a later spurious tick changes nothing", t0 + 6 * sec, true, std::nullopt, false, 0, 0},
      {"an event announces a new deadline", t0 + 7 * sec, false, t0 + 9 * sec, true, t0 + 9 * sec,
       2 * sec + 1},
      {"an earlier one replaces it", t0 + 8 * sec, false, t0 + 8 * sec + 500, true,
       t0 + 8 * sec + 500, 501},
      {"a late tick: the core applied it and announces the next", t0 + 9 * sec, true, t0 + 20 * sec,
       true, t0 + 20 * sec, 11 * sec + 1},
      {"a deadline announced in the past fires at once", t0 + 21 * sec, false, t0 + 20 * sec, true,
       t0 + 20 * sec, 1},
      {"its tick, late, with nothing after it", t0 + 21 * sec + 3, true, std::nullopt, false, 0, 0},
  };
  tick_plan plan;
  for (const step& s : table) {
    SCOPED_TRACE(s.what);
    const timer_plan p = plan.after(s.now, s.was_tick, s.announced);
    EXPECT_EQ(p.arm, s.arm);
    if (s.arm) {
      EXPECT_EQ(p.at, s.at);
      EXPECT_EQ(p.delay_ms, s.delay_ms);
      EXPECT_GT(s.now + p.delay_ms, s.at);  // never due before the deadline
    }
  }
}

TEST(tick_plan, remembers_the_last_announced_deadline) {
  tick_plan plan;
  EXPECT_EQ(plan.scheduled_at(), 0);
  plan.after(t0, false, t0 + sec);
  EXPECT_EQ(plan.scheduled_at(), t0 + sec);
  plan.after(t0 + 2 * sec, true, std::nullopt);
  EXPECT_EQ(plan.scheduled_at(), t0 + sec);
}

// The service loop without Asio: the real core, and a timer whose ticks read the wall clock
// before the deadline twice (by 2 ms, then by 1 ms: the +1 ms margin is not always enough).
// Without the re-arm the offer would never expire; with it, it expires at its deadline.
TEST(tick_plan, an_offer_still_expires_when_every_tick_comes_early) {
  router core;
  router_config config;
  config.stages[0].manual_accept = true;
  config.offer_timeout_s = 20;
  config.queue_status_interval_ms = 0;

  tick_plan plan;
  constexpr time_ms idle = -1;
  time_ms timer_due = idle;  // when the fake timer would fire with agreeing clocks
  bool revoked = false;
  const auto send = [&](const router_event& ev, time_ms now) {
    std::optional<time_ms> announced;
    for (const auto& act : core.handle(ev, now)) {
      if (const auto* t = std::get_if<action::schedule_tick>(&act)) {
        announced = t->at;
      }
      revoked = revoked || std::holds_alternative<action::offer_revoked>(act);
    }
    const timer_plan p = plan.after(now, std::holds_alternative<event::tick>(ev), announced);
    if (p.arm) {
      timer_due = now + p.delay_ms;
    }
  };
  send(event::configure{config, {one_agent("a1")}}, t0);
  send(event::agent_connected{"a1"}, t0);
  event::conversation_requested r;
  r.conversation = 1;
  r.customer = "c1";
  send(r, t0 + sec);
  const time_ms expires = t0 + sec + 20 * sec;

  const std::vector<time_ms> early_by = {3, 2, 1};  // wall-clock reading below the nominal time
  std::vector<time_ms> ticks;
  for (std::size_t fired = 0; fired < early_by.size() && !revoked && timer_due != idle; ++fired) {
    const time_ms now = timer_due - early_by[fired];
    timer_due = idle;
    ticks.push_back(now - expires);
    send(event::tick{}, now);
    if (now < expires) {
      EXPECT_FALSE(revoked) << "the core acted before the deadline";
      // Early: armed again for the same deadline, without a new announcement from the core.
      ASSERT_NE(timer_due, idle);
      EXPECT_EQ(plan.scheduled_at(), expires);
    }
  }
  EXPECT_TRUE(revoked);
  EXPECT_EQ(ticks, (std::vector<time_ms>{-2, -1, 0}));
}

}  // namespace
}  // namespace fenliu::router
