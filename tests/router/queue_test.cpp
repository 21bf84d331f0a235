// Queue: priority classes with aging, positions and ETA from the service rate, and status
// updates only for customers whose position or ETA changed.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

std::vector<conversation_id> served_order(router_harness& h, int closes, conversation_id first,
                                          time_ms from) {
  std::vector<conversation_id> order;
  conversation_id open = first;
  for (int i = 0; i < closes; ++i) {
    auto out = h.send(event::conversation_closed{open, "a"}, from + i * sec);
    const auto assigned = all_of<action::assigned>(out);
    if (assigned.empty()) {
      break;
    }
    open = assigned.front().conversation;
    order.push_back(open);
  }
  return order;
}

TEST(router_queue, priority_first_but_aging_keeps_normal_customers_from_starving) {
  struct arrival {
    conversation_id id;
    time_ms at;
    int priority;
    int position_on_arrival;
  };
  const std::vector<arrival> table = {
      {1, t0 + 0 * sec, 0, 1},   {2, t0 + 30 * sec, 1, 1},   // VIP: 60 s credit, ahead of 1
      {3, t0 + 40 * sec, 0, 3},  {4, t0 + 100 * sec, 2, 2},  // priority 2: ahead of 1 only
      {5, t0 + 110 * sec, 1, 5},                             // VIP credit < 1's and 3's wait
  };
  auto cfg = quiet_config();
  cfg.aging_s_per_priority = 60;
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, cfg);
  h.send(request(100), t0 - sec);  // keeps a busy
  for (const auto& a : table) {
    auto out = h.send(request(a.id, stage::pre_sales, {}, a.priority), a.at);
    ASSERT_TRUE(status_for(out, a.id)) << a.id;
    EXPECT_EQ(status_for(out, a.id)->position, a.position_on_arrival) << a.id;
  }
  EXPECT_EQ(served_order(h, 5, 100, t0 + 200 * sec), (std::vector<conversation_id>{2, 4, 1, 3, 5}));
}

TEST(router_queue, only_changed_positions_are_sent) {
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)});
  h.send(request(1), t0);
  for (conversation_id id : {2, 3, 4}) {
    auto out = h.send(request(id), t0 + static_cast<time_ms>(id) * sec);
    // An arrival at the tail moves nobody: only its own status.
    ASSERT_EQ(all_of<action::queue_status>(out).size(), 1U);
    EXPECT_EQ(status_for(out, id)->position, static_cast<int>(id) - 1);
  }
  auto out = h.send(event::conversation_closed{1, "a"}, t0 + 10 * sec);
  EXPECT_EQ(assignee(out, 2), "a");
  const auto statuses = all_of<action::queue_status>(out);
  ASSERT_EQ(statuses.size(), 2U);
  EXPECT_EQ(statuses[0].conversation, 3U);
  EXPECT_EQ(statuses[0].position, 1);
  EXPECT_EQ(statuses[1].conversation, 4U);
  EXPECT_EQ(statuses[1].position, 2);
  // Nothing moved: nothing sent.
  out = h.tick(t0 + 11 * sec);
  EXPECT_TRUE(all_of<action::queue_status>(out).empty());
}

TEST(router_queue, eta_follows_the_recent_service_rate) {
  auto cfg = quiet_config();
  cfg.eta_default_s_per_position = 30;
  router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, cfg);
  h.send(request(1), t0 + 1 * sec);
  for (conversation_id id = 2; id <= 6; ++id) {
    auto out = h.send(request(id), t0 + static_cast<time_ms>(id) * sec);
    EXPECT_EQ(status_for(out, id)->eta_s, 30 * (static_cast<int>(id) - 1));  // no rate yet
  }
  struct step {
    conversation_id close;
    time_ms at;
    std::vector<std::pair<conversation_id, int>> eta;  // expected after the step
  };
  const std::vector<step> table = {
      {1, t0 + 100 * sec, {{3, 30}, {4, 60}, {5, 90}, {6, 120}}},  // one dequeue: no rate
      {2, t0 + 110 * sec, {{4, 10}, {5, 20}, {6, 30}}},            // 1 per 10 s
      {3, t0 + 130 * sec, {{5, 15}, {6, 30}}},                     // 2 per 30 s
  };
  for (const auto& s : table) {
    auto out = h.send(event::conversation_closed{s.close, "a"}, s.at);
    for (const auto& [id, eta] : s.eta) {
      const auto q = status_for(out, id);
      ASSERT_TRUE(q) << id;
      EXPECT_EQ(q->eta_s, eta) << id << " after closing " << s.close;
    }
  }
}

TEST(router_queue, position_sweeps_are_throttled_by_the_interval) {
  auto cfg = quiet_config();
  cfg.queue_status_interval_ms = 5'000;
  router_harness h({agent("a", {stage::pre_sales}, {}, 2)}, cfg);
  for (conversation_id id = 1; id <= 5; ++id) {
    h.send(request(id), t0 + static_cast<time_ms>(id) * sec);
  }
  // 3 waits at 1, 4 at 2, 5 at 3; two closes within the interval.
  auto out = h.send(event::conversation_closed{1, "a"}, t0 + 20 * sec);
  EXPECT_EQ(status_for(out, 4)->position, 1);  // first change: swept at once
  out = h.send(event::conversation_closed{2, "a"}, t0 + 21 * sec);
  EXPECT_FALSE(status_for(out, 5));
  EXPECT_EQ(next_tick(out), t0 + 25 * sec);
  out = h.tick(t0 + 25 * sec);
  EXPECT_EQ(status_for(out, 5)->position, 1);
}

}  // namespace
}  // namespace fenliu::router::testing
