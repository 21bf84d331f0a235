// Relaxation rings: T1 drops optional skills and lowers levels, T2 overflows to another
// stage's agents holding the overflow skill, T3 alerts supervisors, max wait offers a message.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

router_config ring_config() {
  auto cfg = quiet_config();
  auto& p = cfg.stages[static_cast<int>(stage::pre_sales)];
  p.relax_skills_after_s = 30;
  p.overflow_after_s = 60;
  p.overflow_skill = "general";
  p.overflow_stages = {stage::after_sales};
  p.alert_after_s = 120;
  p.max_wait_s = 300;
  return cfg;
}

struct ring_case {
  std::string name;
  std::vector<agent_profile> team;
  event::conversation_requested req;
  time_ms served_at;  // 0: never served
  std::string served_by;
  std::string rule;
};

TEST(router_relaxation, each_ring_widens_the_pool_at_its_time) {
  auto req = request(1, stage::pre_sales, {{"size", 3}});
  req.optional_skills = {{"fabric", 2}};
  const std::vector<ring_case> table = {
      {"strict match at once",
       {agent("p", {stage::pre_sales}, {{"size", 3}, {"fabric", 2}})},
       req,
       t0,
       "p",
       "least_load"},
      {"optional skill dropped at T1",
       {agent("p", {stage::pre_sales}, {{"size", 3}})},
       req,
       t0 + 30 * sec,
       "p",
       "relaxed_skills"},
      {"level lowered by one at T1",
       {agent("p", {stage::pre_sales}, {{"size", 2}})},
       req,
       t0 + 30 * sec,
       "p",
       "relaxed_skills"},
      {"overflow at T2 to the holder of the overflow skill",
       {agent("p", {stage::pre_sales}, {{"size", 1}}), agent("y", {stage::after_sales}),
        agent("x", {stage::after_sales}, {{"general", 1}})},
       req,
       t0 + 60 * sec,
       "x",
       "overflow"},
      {"nobody holds the overflow skill",
       {agent("p", {stage::pre_sales}, {{"size", 1}}), agent("y", {stage::after_sales})},
       req,
       0,
       "",
       ""},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(c.name);
    router_harness h(c.team, ring_config());
    std::vector<router_action> all = h.send(c.req, t0);
    for (time_ms t = t0 + 29 * sec; t <= t0 + 61 * sec; t += sec) {
      auto out = h.tick(t);
      if (!assignee(out, 1).empty()) {
        EXPECT_EQ(t, c.served_at);
      }
      all.insert(all.end(), out.begin(), out.end());
    }
    EXPECT_EQ(assignee(all, 1), c.served_by);
    if (!c.served_by.empty()) {
      EXPECT_EQ(decision_for(all, 1)->rule, c.rule);
      EXPECT_EQ(decision_for(all, 1)->winner, c.served_by);
    }
  }
}

TEST(router_relaxation, an_overflow_agent_freeing_up_pulls_the_overflowed_conversation) {
  router_harness h({agent("p", {stage::pre_sales}, {{"size", 1}}, 1),
                    agent("x", {stage::after_sales}, {{"general", 1}}, 1)},
                   ring_config());
  h.send(request(50, stage::after_sales), t0);  // x is busy
  h.send(request(1, stage::pre_sales, {{"size", 3}}), t0 + sec);
  auto out = h.tick(t0 + 61 * sec);
  EXPECT_EQ(assignee(out, 1), "");
  out = h.send(event::conversation_closed{50, "x"}, t0 + 70 * sec);
  EXPECT_EQ(assignee(out, 1), "x");
  EXPECT_EQ(decision_for(out, 1)->rule, "overflow");
}

TEST(router_relaxation, long_waits_alert_supervisors_then_offer_leave_a_message) {
  router_harness h({agent("p", {stage::pre_sales}, {{"size", 1}})}, ring_config());
  h.send(request(1, stage::pre_sales, {{"size", 3}}), t0);
  struct probe {
    time_ms at;
    bool alert;
    bool leave_offered;
  };
  const std::vector<probe> table = {
      {t0 + 119 * sec, false, false},
      {t0 + 120 * sec, true, false},
      {t0 + 299 * sec, false, false},
      {t0 + 300 * sec, false, true},
  };
  for (const auto& p : table) {
    auto out = h.tick(p.at);
    EXPECT_EQ(all_of<action::supervisor_alert>(out).size(), p.alert ? 1U : 0U) << p.at - t0;
    const auto q = status_for(out, 1);
    EXPECT_EQ(q && q->leave_message_offered, p.leave_offered) << p.at - t0;
  }
  auto out = h.send(event::customer_chose_leave_message{1}, t0 + 310 * sec);
  EXPECT_TRUE(has_phase(out, 1, conversation_phase::left_message));
  EXPECT_EQ(h.core().stages(t0 + 310 * sec)[0].queued, 0);
}

TEST(router_relaxation, a_late_tick_applies_every_ring_that_passed_in_order) {
  router_harness h({agent("p", {stage::pre_sales}, {{"size", 1}})}, ring_config());
  h.send(request(1, stage::pre_sales, {{"size", 3}}), t0);
  auto out = h.tick(t0 + 400 * sec);
  std::vector<std::string> rules;
  for (const auto& d : all_of<action::decision>(out)) {
    rules.push_back(d.record.rule);
  }
  EXPECT_EQ(rules, (std::vector<std::string>{"relaxed_skills", "overflow", "alert",
                                             "leave_message_offered"}));
}

}  // namespace
}  // namespace fenliu::router::testing
