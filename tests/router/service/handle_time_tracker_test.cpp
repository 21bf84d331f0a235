// The service's measure of handling times (fastest_fit learns from it): assignment to the
// agent's close, with the required skills and the agent's open chats at the assignment.
#include "fenliu/router/handle_time_tracker.hpp"

#include <gtest/gtest.h>

namespace fenliu::router {
namespace {

constexpr time_ms t0 = 1'700'000'000'000;

event::conversation_requested request(conversation_id id, std::vector<skill_level> skills) {
  event::conversation_requested r;
  r.conversation = id;
  r.customer = "buyer-" + std::to_string(id);
  r.required_skills = std::move(skills);
  return r;
}

action::assigned assigned(conversation_id id, const agent_id& agent) {
  action::assigned a;
  a.conversation = id;
  a.agent = agent;
  return a;
}

action::phase_changed phase(conversation_id id, conversation_phase p) {
  return action::phase_changed{id, p};
}

TEST(HandleTimeTracker, AServiceLastsFromTheAssignmentToTheAgentsClose) {
  handle_time_tracker t;
  t.on_event(request(1, {{"refund", 3}}));
  EXPECT_FALSE(t.on_action(assigned(1, "a1"), t0));
  EXPECT_FALSE(t.on_action(phase(1, conversation_phase::active), t0 + 1000));
  auto seen = t.on_action(phase(1, conversation_phase::wrap_up), t0 + 125'500);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->agent, "a1");
  EXPECT_DOUBLE_EQ(seen->seconds, 125.5);
  EXPECT_EQ(seen->open_chats, 1);
  ASSERT_EQ(seen->skills.size(), 1u);
  EXPECT_EQ(seen->skills[0], (skill_level{"refund", 3}));
  // The wrap-up's end is not a second service.
  EXPECT_FALSE(t.on_action(phase(1, conversation_phase::closed), t0 + 140'000));
  EXPECT_EQ(t.followed(), 0u);
}

TEST(HandleTimeTracker, OpenChatsAreCountedAtTheAssignment) {
  handle_time_tracker t;
  for (conversation_id id = 1; id <= 3; ++id) {
    t.on_event(request(id, {}));
    EXPECT_FALSE(t.on_action(assigned(id, "a1"), t0 + static_cast<time_ms>(id)));
  }
  auto third = t.on_action(phase(3, conversation_phase::closed), t0 + 60'000);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->open_chats, 3);
  EXPECT_TRUE(third->skills.empty());
  // Two are still open when the next one starts.
  t.on_event(request(4, {}));
  EXPECT_FALSE(t.on_action(assigned(4, "a1"), t0 + 61'000));
  auto fourth = t.on_action(phase(4, conversation_phase::wrap_up), t0 + 91'000);
  ASSERT_TRUE(fourth);
  EXPECT_EQ(fourth->open_chats, 3);
  EXPECT_DOUBLE_EQ(fourth->seconds, 30.0);
}

TEST(HandleTimeTracker, ATransferOrAnAbandonTeachesNothing) {
  handle_time_tracker t;
  t.on_event(request(1, {{"sizing", 2}}));
  EXPECT_FALSE(t.on_action(assigned(1, "a1"), t0));
  EXPECT_FALSE(t.on_action(action::unassigned{1, "a1", "transfer"}, t0 + 30'000));
  EXPECT_FALSE(t.on_action(assigned(1, "a2"), t0 + 31'000));
  auto seen = t.on_action(phase(1, conversation_phase::wrap_up), t0 + 91'000);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->agent, "a2");  // only the agent who finished it, from their own assignment
  EXPECT_DOUBLE_EQ(seen->seconds, 60.0);
  EXPECT_EQ(seen->open_chats, 1);

  t.on_event(request(2, {}));
  EXPECT_FALSE(t.on_action(assigned(2, "a1"), t0));
  EXPECT_FALSE(t.on_action(phase(2, conversation_phase::abandoned), t0 + 5'000));
  EXPECT_EQ(t.followed(), 0u);
}

TEST(HandleTimeTracker, ARerouteForComplaintRiskChangesTheSkillsLearnt) {
  handle_time_tracker t;
  t.on_event(request(1, {{"sizing", 1}}));
  event::risk_escalated risk;
  risk.conversation = 1;
  risk.reroute = true;
  risk.required_skills = {{"complaints", 1}};
  t.on_event(risk);
  EXPECT_FALSE(t.on_action(assigned(1, "senior"), t0));
  auto seen = t.on_action(phase(1, conversation_phase::closed), t0 + 10'000);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->skills.size(), 1u);
  EXPECT_EQ(seen->skills[0].skill, "complaints");
}

}  // namespace
}  // namespace fenliu::router
