// Complaint risk: every flagged conversation alerts supervisors and leaves a decision record;
// rerouting moves it to agents holding the complaint skill, unless its agent already qualifies.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

event::risk_escalated escalate(conversation_id id, bool reroute, bool raise) {
  event::risk_escalated ev;
  ev.conversation = id;
  ev.reroute = reroute;
  ev.to_stage = stage::after_sales;
  ev.required_skills = {{"complaint", 1}};
  ev.raise_priority = raise;
  ev.text = "buyer threatens a bad review";
  return ev;
}

struct risk_case {
  std::string name;
  std::vector<agent_profile> team;
  bool reroute;
  bool raise;
  std::string agent_after;  // who serves the conversation afterwards ("" = queued)
  stage stage_after;
  std::optional<agent_id> recorded_winner;
};

TEST(router_risk_escalation, moves_keeps_or_alerts_as_configured) {
  const auto pre = [] { return agent("p", {stage::pre_sales}, {}, 1); };
  const std::vector<risk_case> table = {
      {"reroute takes it from a pre-sales agent to a complaint handler",
       {pre(), agent("c", {stage::after_sales}, {{"complaint", 2}})},
       true, false, "c", stage::after_sales, std::nullopt},
      {"reroute keeps an agent who already qualifies",
       {agent("pc", {stage::pre_sales, stage::after_sales}, {{"complaint", 1}}, 1),
        agent("c", {stage::after_sales}, {{"complaint", 2}})},
       true, false, "pc", stage::pre_sales, agent_id("pc")},
      {"reroute with nobody qualified waits in the after-sales queue",
       {pre(), agent("a", {stage::after_sales})},
       true, false, "", stage::after_sales, std::nullopt},
      {"alert only leaves the chat where it is",
       {pre(), agent("c", {stage::after_sales}, {{"complaint", 2}})},
       false, false, "p", stage::pre_sales, agent_id("p")},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.name);
    router_harness h(row.team);
    h.send(request(1, stage::pre_sales), t0);
    ASSERT_FALSE(h.agent_of(1).empty());
    const auto out = h.send(escalate(1, row.reroute, row.raise), t0 + 5 * sec);
    const auto alerts = all_of<action::supervisor_alert>(out);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].kind, "complaint_risk");
    EXPECT_EQ(alerts[0].text, "buyer threatens a bad review");
    bool recorded = false;
    for (const auto& d : all_of<action::decision>(out)) {
      if (d.record.rule == "complaint_risk") {
        recorded = true;
        EXPECT_EQ(d.record.winner, row.recorded_winner);
      }
    }
    EXPECT_TRUE(recorded);
    EXPECT_EQ(h.agent_of(1), row.agent_after);
    EXPECT_EQ(h.core().conversation(1)->stage_, row.stage_after);
  }
}

TEST(router_risk_escalation, raised_priority_jumps_the_queue) {
  router_harness h({agent("a", {stage::after_sales}, {}, 1)});
  h.send(request(1, stage::after_sales), t0);       // takes the only slot
  h.send(request(2, stage::after_sales), t0 + 1 * sec);
  h.send(request(3, stage::after_sales), t0 + 2 * sec);
  h.send(escalate(3, false, true), t0 + 3 * sec);
  h.send(event::conversation_closed{1, "a"}, t0 + 4 * sec);
  EXPECT_EQ(h.agent_of(3), "a");
  EXPECT_EQ(h.phase(2), conversation_phase::queued);
}

TEST(router_risk_escalation, an_unknown_or_closed_conversation_changes_nothing) {
  router_harness h({agent("a")});
  EXPECT_TRUE(h.send(escalate(42, true, true), t0).empty());
  h.send(request(1), t0);
  h.send(event::conversation_closed{1, "a"}, t0 + sec);
  const auto out = h.send(escalate(1, true, true), t0 + 2 * sec);
  EXPECT_TRUE(all_of<action::assigned>(out).empty());
}

}  // namespace
}  // namespace fenliu::router::testing
