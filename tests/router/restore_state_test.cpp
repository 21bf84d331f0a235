// An agent's chosen state (away, busy) survives a reconnect within the disconnect grace
// (part "receipts"): a page reload must not put the agent back online.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

std::optional<agent_state> state_change(const std::vector<router_action>& out,
                                        const std::string& reason) {
  for (const auto& s : all_of<action::agent_state_changed>(out)) {
    if (s.reason == reason) {
      return s.state;
    }
  }
  return std::nullopt;
}

TEST(router_restore_state, away_survives_a_reconnect_within_the_grace_only) {
  auto config = quiet_config();
  config.disconnect_grace_s = 30;
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, config);
  h.send(event::agent_state_set{"a", agent_state::away, ""}, t0 + sec);
  h.send(event::agent_disconnected{"a"}, t0 + 2 * sec);
  auto out = h.send(event::agent_connected{"a"}, t0 + 3 * sec);
  EXPECT_EQ(state_change(out, "restored"), agent_state::away);
  // Away takes no new chats.
  out = h.send(request(1), t0 + 4 * sec);
  EXPECT_EQ(assignee(out, 1), "");

  // Gone longer than the grace: back online.
  h.send(event::agent_disconnected{"a"}, t0 + 5 * sec);
  out = h.send(event::agent_connected{"a"}, t0 + 40 * sec);
  EXPECT_EQ(state_change(out, "connected"), agent_state::online);
  EXPECT_EQ(assignee(out, 1), "a");
}

TEST(router_restore_state, an_online_agent_reconnects_online) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)});
  h.send(event::agent_disconnected{"a"}, t0 + sec);
  auto out = h.send(event::agent_connected{"a"}, t0 + 2 * sec);
  EXPECT_EQ(state_change(out, "connected"), agent_state::online);
}

}  // namespace
}  // namespace fenliu::router::testing
