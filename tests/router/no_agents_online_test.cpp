// Waits that cannot end: with nobody of the stage online the queue status says so and offers
// leave-a-message at once; when an agent comes online the flag clears and the chat is served.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

TEST(router_no_agents_online, the_status_says_so_and_offers_leave_a_message_at_once) {
  struct row {
    std::string what;
    bool connected;
    agent_state state;
    bool expect_no_agents;
  };
  const std::vector<row> table = {
      {"on shift but not connected", false, agent_state::offline, true},
      {"connected but away", true, agent_state::away, true},
      {"connected but busy", true, agent_state::busy, true},
      {"online and full: the wait can end", true, agent_state::online, false},
  };
  for (const auto& r : table) {
    SCOPED_TRACE(r.what);
    router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, quiet_config(), false);
    if (r.connected) {
      h.send(event::agent_connected{"a"}, t0);
      h.send(request(1), t0);  // fills "a"
      ASSERT_EQ(h.agent_of(1), "a");
      h.send(event::agent_state_set{"a", r.state, ""}, t0);
    }
    auto out = h.send(request(2), t0 + sec);
    EXPECT_EQ(h.phase(2), conversation_phase::queued);
    auto q = status_for(out, 2);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->no_agents_online, r.expect_no_agents);
    EXPECT_EQ(q->leave_message_offered, r.expect_no_agents) << "at once, not after max_wait_s";
  }
}

TEST(router_no_agents_online, the_flag_follows_the_floor_and_clears_when_someone_comes_online) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 1), agent("b", {stage::in_sale})});
  h.send(request(1), t0);
  ASSERT_EQ(h.agent_of(1), "a");
  auto out = h.send(request(2), t0 + sec);
  EXPECT_FALSE(status_for(out, 2)->no_agents_online);
  // "a" disconnects (its chat is held for the grace): nobody of pre-sales is online. An agent
  // of another stage does not count.
  out = h.send(event::agent_disconnected{"a"}, t0 + 2 * sec);
  auto q = status_for(out, 2);
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->no_agents_online);
  EXPECT_TRUE(q->leave_message_offered);
  // Back within the grace, still full: the flag clears, the wait goes on.
  out = h.send(event::agent_connected{"a"}, t0 + 3 * sec);
  q = status_for(out, 2);
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->no_agents_online);
  EXPECT_FALSE(q->leave_message_offered);
  // The customer may also leave a message while nobody is online.
  h.send(event::agent_state_set{"a", agent_state::away, ""}, t0 + 4 * sec);
  out = h.send(event::customer_chose_leave_message{2}, t0 + 5 * sec);
  EXPECT_EQ(h.phase(2), conversation_phase::left_message);
}

TEST(router_no_agents_online, nobody_on_shift_goes_to_leave_a_message_and_says_why) {
  struct row {
    std::string what;
    bool chose;  // the customer chose to leave a message while agents were on shift
    bool expect_no_agents;
  };
  const std::vector<row> table = {
      {"nobody of the stage on shift", false, true},
      {"the customer's own choice", true, false},
  };
  for (const auto& r : table) {
    SCOPED_TRACE(r.what);
    auto off = agent("off", {stage::pre_sales}, {}, 1);
    off.shifts.always_on = false;
    off.shifts.overrides["2000-01-01"] = {{0, 60}};  // never on shift near t0
    auto on = agent("on", {stage::in_sale}, {}, 1);
    router_harness h({r.chose ? agent("a") : off, on});
    std::vector<router_action> out;
    if (r.chose) {
      h.send(request(1), t0);
      h.send(request(2), t0);  // "a" has capacity 2: a third waits
      h.send(request(3), t0);
      out = h.send(event::customer_chose_leave_message{3}, t0 + sec);
    } else {
      out = h.send(request(3), t0);
    }
    EXPECT_EQ(h.phase(3), conversation_phase::left_message);
    auto q = status_for(out, 3);
    EXPECT_EQ(q.has_value(), r.expect_no_agents);
    if (q) {
      EXPECT_TRUE(q->no_agents_online);
      EXPECT_TRUE(q->leave_message_offered);
    }
  }
}

}  // namespace
}  // namespace fenliu::router::testing
