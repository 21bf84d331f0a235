// The session policy at explicit timestamps: every limit at its edge, no clock, no socket.
#include "gateway/net/session_policy.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace fenliu::gateway {
namespace {

using action = frame_decision::action;
constexpr policy_time t0 = 1'000'000;
constexpr auto valid = frame_verdict::valid;
constexpr auto refused = frame_verdict::refused;

// Limits that stay out of the way unless a test names them.
session_policy_limits quiet() {
  session_policy_limits l;
  l.rate_per_s = 1000;
  l.rate_burst = 1000;
  l.rate_violations_to_close = 1000;
  l.bad_frames_to_close = 1000;
  l.bad_frames_window_ms = 10000;
  l.idle_timeout_ms = 3'600'000;
  l.ping_interval_ms = 3'600'000;
  return l;
}

struct frame_row {
  policy_time at;
  frame_verdict verdict;
  action expected;
  close_code code = close_code::normal;
};

void run_frames(session_policy& p, const std::vector<frame_row>& rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const auto d = p.on_frame(r.at, r.verdict);
    EXPECT_EQ(d.what, r.expected) << "row " << i << " at t0+" << r.at - t0;
    if (r.expected == action::close) {
      EXPECT_EQ(d.code, r.code) << "row " << i;
    }
  }
}

TEST(SessionPolicy, RateBurstIsExactThenRefillsAtTheSustainedRate) {
  auto l = quiet();
  l.rate_per_s = 10;  // one token per 100 ms
  l.rate_burst = 3;
  session_policy p(l, t0);
  run_frames(p, {
                    {t0, valid, action::dispatch},
                    {t0, valid, action::dispatch},
                    {t0, valid, action::dispatch},
                    {t0, valid, action::rate_limited},       // the burst is spent
                    {t0 + 99, valid, action::rate_limited},  // 0.99 of a token
                    {t0 + 100, valid, action::dispatch},
                    {t0 + 100, valid, action::rate_limited},
                });
  // Sustained: exactly the rate passes for as long as it is kept.
  for (int i = 2; i < 52; ++i) {
    EXPECT_EQ(p.on_frame(t0 + 100 * i, valid).what, action::dispatch) << i;
  }
  EXPECT_EQ(p.on_frame(t0 + 100 * 51 + 50, valid).what, action::rate_limited);
}

TEST(SessionPolicy, TheNthRateViolationClosesWith4002) {
  auto l = quiet();
  l.rate_per_s = 10;
  l.rate_burst = 1;
  l.rate_violations_to_close = 3;
  session_policy p(l, t0);
  run_frames(p, {
                    {t0, valid, action::dispatch},
                    {t0 + 1, valid, action::rate_limited},      // violation 1
                    {t0 + 101, valid, action::dispatch},        // refilled
                    {t0 + 151, refused, action::rate_limited},  // violation 2, not judged
                    {t0 + 201, valid, action::dispatch},
                    {t0 + 202, valid, action::close, close_code::rate_limited},  // violation 3
                });
}

TEST(SessionPolicy, BadFramesWithinTheWindowAreAnsweredUntilOneTooMany) {
  auto l = quiet();
  l.bad_frames_to_close = 2;
  l.bad_frames_window_ms = 1000;
  session_policy p(l, t0);
  run_frames(p, {
                    {t0, refused, action::refuse},       // opens the window
                    {t0 + 10, valid, action::dispatch},  // valid frames do not reset the count
                    {t0 + 500, refused, action::refuse},
                    {t0 + 1000, refused, action::close, close_code::bad_frames},  // window edge
                });
}

TEST(SessionPolicy, BadFramesOutsideTheWindowStartANewOne) {
  auto l = quiet();
  l.bad_frames_to_close = 2;
  l.bad_frames_window_ms = 1000;
  session_policy p(l, t0);
  run_frames(p, {
                    {t0, refused, action::refuse},
                    {t0 + 500, refused, action::refuse},
                    {t0 + 1001, refused, action::refuse},  // one past the window: count 1
                    {t0 + 1500, refused, action::refuse},
                    {t0 + 2001, refused, action::close, close_code::bad_frames},
                });
}

TEST(SessionPolicy, PingsRepeatWhileSilentAndIdleClosesAtItsEdge) {
  auto l = quiet();
  l.ping_interval_ms = 100;
  l.idle_timeout_ms = 400;
  session_policy p(l, t0);
  EXPECT_EQ(p.next_deadline(), t0 + 100);
  EXPECT_EQ(p.on_timer(t0 + 99), (timer_decision{std::nullopt, false, t0 + 100}));
  EXPECT_EQ(p.on_timer(t0 + 100), (timer_decision{std::nullopt, true, t0 + 200}));
  EXPECT_EQ(p.on_timer(t0 + 150), (timer_decision{std::nullopt, false, t0 + 200}));
  EXPECT_EQ(p.on_timer(t0 + 200), (timer_decision{std::nullopt, true, t0 + 300}));
  EXPECT_EQ(p.on_timer(t0 + 300), (timer_decision{std::nullopt, true, t0 + 400}));
  EXPECT_EQ(p.on_timer(t0 + 399), (timer_decision{std::nullopt, false, t0 + 400}));
  EXPECT_EQ(p.on_timer(t0 + 400).close, close_code::idle_timeout);
}

TEST(SessionPolicy, APongOrAFrameMovesBothDeadlines) {
  auto l = quiet();
  l.ping_interval_ms = 100;
  l.idle_timeout_ms = 400;
  session_policy p(l, t0);
  EXPECT_TRUE(p.on_timer(t0 + 100).send_ping);
  p.on_pong(t0 + 120);
  EXPECT_EQ(p.next_deadline(), t0 + 220);  // the next ping counts from the pong
  EXPECT_EQ(p.on_timer(t0 + 219), (timer_decision{std::nullopt, false, t0 + 220}));
  EXPECT_EQ(p.on_frame(t0 + 300, valid).what, action::dispatch);
  EXPECT_EQ(p.on_timer(t0 + 399), (timer_decision{std::nullopt, false, t0 + 400}));
  EXPECT_EQ(p.on_timer(t0 + 400), (timer_decision{std::nullopt, true, t0 + 500}));
  EXPECT_EQ(p.on_timer(t0 + 500), (timer_decision{std::nullopt, true, t0 + 600}));
  EXPECT_EQ(p.on_timer(t0 + 600), (timer_decision{std::nullopt, true, t0 + 700}));
  EXPECT_FALSE(p.on_timer(t0 + 699).close);
  EXPECT_EQ(p.on_timer(t0 + 700).close, close_code::idle_timeout);
}

// A recipient that keeps reading is never closed however much it is sent: only one write that
// does not complete within write_stall_timeout_ms (the peer stopped reading) closes 4000.
TEST(SessionPolicy, OnlyAStalledWriteClosesAsSlowConsumerAtItsEdge) {
  auto l = quiet();
  l.write_stall_timeout_ms = 500;
  session_policy p(l, t0);
  // Back-to-back writes that each complete: no deadline from writing at all.
  for (policy_time t = t0; t < t0 + 2000; t += 100) {
    p.on_write_started(t);
    EXPECT_EQ(p.next_deadline(), t + 500);
    p.on_write_done();
    EXPECT_FALSE(p.on_timer(t + 99).close);
  }
  EXPECT_EQ(p.next_deadline(), t0 + 3'600'000);
  p.on_write_started(t0 + 3000);
  EXPECT_EQ(p.on_timer(t0 + 3499), (timer_decision{std::nullopt, false, t0 + 3500}));
  EXPECT_EQ(p.on_timer(t0 + 3500).close, close_code::slow_consumer);
}

// The session's regular wake-up may be a ping interval away; a write that could stall before
// it asks for one extra wake at its stall deadline, and only one is ever pending.
TEST(SessionPolicy, AWriteThatCouldStallBeforeTheRegularWakeAsksForOneExtraWake) {
  auto l = quiet();
  l.ping_interval_ms = 20000;
  l.idle_timeout_ms = 60000;
  l.write_stall_timeout_ms = 500;
  session_policy p(l, t0);
  EXPECT_EQ(p.arm_wake(p.next_deadline()), t0 + 20000);
  EXPECT_EQ(p.on_write_started(t0 + 10), std::optional<policy_time>(t0 + 510));
  p.on_write_done();
  EXPECT_EQ(p.on_write_started(t0 + 20), std::nullopt) << "one stall wake is pending already";
  // The stall wake fires; that write is still in flight since t0 + 20: it is not stalled yet,
  // and it gets its own wake.
  EXPECT_FALSE(p.on_wake(t0 + 510));
  EXPECT_FALSE(p.on_timer(t0 + 510).close);
  EXPECT_EQ(p.stall_wake(), std::optional<policy_time>(t0 + 520));
  EXPECT_FALSE(p.on_wake(t0 + 520));
  EXPECT_EQ(p.on_timer(t0 + 520).close, close_code::slow_consumer);
}

TEST(SessionPolicy, AWriteWhoseStallComesAfterTheRegularWakeNeedsNoExtraWake) {
  auto l = quiet();
  l.ping_interval_ms = 100;
  l.idle_timeout_ms = 400;
  l.write_stall_timeout_ms = 500;
  session_policy p(l, t0);
  p.arm_wake(p.next_deadline());
  EXPECT_EQ(p.on_write_started(t0 + 10), std::nullopt);
  EXPECT_TRUE(p.on_wake(t0 + 100)) << "the regular wake";
  const auto d = p.on_timer(t0 + 100);
  EXPECT_TRUE(d.send_ping);
  EXPECT_EQ(p.arm_wake(d.wake_at), t0 + 200);
  EXPECT_FALSE(p.on_wake(t0 + 150)) << "earlier than the armed one: the stall wake";
  EXPECT_EQ(p.stall_wake(), std::nullopt) << "its stall (t0 + 510) comes after the armed wake";
}

TEST(SessionPolicy, AnExpiringTokenClosesWith4101AtItsExp) {
  auto l = quiet();
  l.ping_interval_ms = 100;
  l.idle_timeout_ms = 400;
  l.token_expires_at = t0 + 250;
  session_policy p(l, t0);
  EXPECT_EQ(p.on_timer(t0 + 200), (timer_decision{std::nullopt, true, t0 + 250}));
  EXPECT_EQ(p.on_frame(t0 + 249, valid).what, action::dispatch);  // still valid before exp
  EXPECT_EQ(p.on_timer(t0 + 249), (timer_decision{std::nullopt, false, t0 + 250}));
  EXPECT_EQ(p.on_timer(t0 + 250).close, close_code::token_expired);
}

TEST(SessionPolicy, AFrameAfterExpiryClosesBeforeTheTimerDoes) {
  auto l = quiet();
  l.token_expires_at = t0 + 1000;
  session_policy p(l, t0);
  EXPECT_EQ(p.next_deadline(), t0 + 1000);
  EXPECT_EQ(p.on_frame(t0 + 1000, valid),
            (frame_decision{action::close, close_code::token_expired}));
}

TEST(SessionPolicy, TokenExpiryWinsOverTheIdleTimeoutAtTheSameInstant) {
  auto l = quiet();
  l.idle_timeout_ms = 500;
  l.token_expires_at = t0 + 500;
  session_policy p(l, t0);
  EXPECT_EQ(p.on_timer(t0 + 500).close, close_code::token_expired);
}

TEST(SessionPolicy, WithoutExpiryOnlyPingAndIdleDeadlinesExist) {
  auto l = quiet();
  l.ping_interval_ms = 1000;
  l.idle_timeout_ms = 5000;
  session_policy p(l, t0);
  for (policy_time t = t0 + 1000; t < t0 + 100'000; t += 1000) {
    p.on_pong(t);
    EXPECT_FALSE(p.on_timer(t).close) << t - t0;
  }
}

TEST(SessionPolicy, OpenDecisionsNameTheirCloseCodes) {
  session_policy p(quiet(), t0);
  EXPECT_EQ(p.on_open({}), std::nullopt);
  EXPECT_EQ(p.on_open({.attached = false}), close_code::too_many_connections);
  EXPECT_EQ(p.on_open({.attached = true, .over_capacity = true}), close_code::overloaded);
  EXPECT_EQ(p.on_open({.attached = false, .over_capacity = true}), close_code::overloaded);
  EXPECT_EQ(p.on_open({.attached = false, .over_capacity = true, .shutting_down = true}),
            close_code::going_away);
  EXPECT_EQ(session_policy::on_internal_error(), close_code::internal);
}

}  // namespace
}  // namespace fenliu::gateway
