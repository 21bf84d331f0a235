// Buyers who have left: a conversation whose customer went away is not offered to agents and
// holds up nobody behind it (a VIP included); a return within queue_return_grace_s keeps the
// place, after it the conversation ends.

#include "router_fixture.hpp"

namespace fenliu::router::testing {
namespace {

TEST(router_customer_left, a_buyer_who_left_is_skipped_and_returns_to_the_same_place) {
  struct row {
    std::string what;
    time_ms returns_after;  // 0: never returns
    bool expect_place_kept;
  };
  const std::vector<row> table = {
      {"never returns", 0, false},
      {"returns within the grace", 100 * sec, true},
      {"returns after the grace", 121 * sec, false},
  };
  for (const auto& r : table) {
    SCOPED_TRACE(r.what);
    auto cfg = quiet_config();
    cfg.queue_return_grace_s = 120;
    cfg.aging_s_per_priority = 1;  // the VIP's class is worth one second: it lands behind 2
    router_harness h({agent("a", {stage::pre_sales}, {}, 1)}, cfg);
    h.send(request(1), t0);
    h.send(request(2), t0 + sec);                                          // will leave
    auto out = h.send(request(4, stage::pre_sales, {}, 1), t0 + 2 * sec);  // a VIP
    EXPECT_EQ(status_for(out, 4)->position, 2);
    h.send(request(3), t0 + 3 * sec);
    // 2 leaves: the VIP moves up, it does not wait behind a buyer who has gone.
    out = h.send(event::customer_left{2}, t0 + 10 * sec);
    EXPECT_EQ(h.phase(2), conversation_phase::abandoned);
    ASSERT_TRUE(status_for(out, 4));
    EXPECT_EQ(status_for(out, 4)->position, 1);
    // The slot frees: the VIP is served, never the buyer who left.
    out = h.send(event::conversation_closed{1, "a"}, t0 + 20 * sec);
    EXPECT_EQ(assignee(out, 4), "a");
    EXPECT_EQ(assignee(out, 2), "");
    out = h.send(event::conversation_closed{4, "a"}, t0 + 30 * sec);
    EXPECT_EQ(assignee(out, 3), "a");  // 2 is still away at t0 + 30 s
    h.send(request(5), t0 + 40 * sec);
    if (r.returns_after != 0) {
      out = h.send(event::customer_returned{2}, t0 + 10 * sec + r.returns_after);
      if (r.expect_place_kept) {
        EXPECT_EQ(h.phase(2), conversation_phase::queued);
        // Its old key: ahead of chat 5, which arrived after it left.
        out = h.send(event::conversation_closed{3, "a"}, t0 + 200 * sec);
        EXPECT_EQ(assignee(out, 2), "a");
      } else {
        EXPECT_FALSE(h.phase(2)) << "closed when the grace ran out";
      }
    } else {
      h.tick(t0 + 131 * sec);
      EXPECT_FALSE(h.phase(2));
    }
  }
}

}  // namespace
}  // namespace fenliu::router::testing
