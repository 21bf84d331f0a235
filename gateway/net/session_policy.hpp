#pragma once
// The policy of one WebSocket session as a state machine: rate limit, bad-frame flood, ping and
// idle deadlines, token expiry and every close decision. No I/O and no clock reads: the caller
// passes `now` and carries out the returned decision, so a test is a table of timestamps.

#include <cstdint>
#include <optional>

#include "gateway/net/rate_limiter.hpp"
#include "gateway/protocol/codes.hpp"

namespace fenliu::gateway {

/// Milliseconds on one monotonic time line chosen by the caller (ws_session: steady clock).
using policy_time = std::int64_t;

struct session_policy_limits {
  double rate_per_s = 20.0;                  // token bucket refill
  double rate_burst = 40.0;                  // token bucket size
  int rate_violations_to_close = 50;         // the n-th frame dropped by the rate limit closes
  int bad_frames_to_close = 20;              // this many refused frames per window are answered...
  policy_time bad_frames_window_ms = 10000;  // ...one more within the window closes
  policy_time idle_timeout_ms = 60000;       // no frame and no pong this long closes
  policy_time ping_interval_ms = 20000;      // silence this long sends a ping (and again after)
  policy_time write_stall_timeout_ms = 15000;  // one write in flight this long closes 4000
  /// When the token stops being valid, on the policy's time line; nullopt: it never expires.
  std::optional<policy_time> token_expires_at;
};

/// How the decoder judged an inbound data frame.
enum class frame_verdict : std::uint8_t { valid, refused };

struct frame_decision {
  enum class action : std::uint8_t {
    dispatch,      // hand the decoded frame to the dispatcher
    refuse,        // answer the decoder's error; the connection stays
    rate_limited,  // drop the frame, answer ERROR_CODE_RATE_LIMITED; the connection stays
    close,         // close the session with `code`
  };
  action what = action::dispatch;
  close_code code = close_code::normal;  // meaningful for action::close only

  friend bool operator==(const frame_decision&, const frame_decision&) = default;
};

struct timer_decision {
  std::optional<close_code> close;  // set: close now; nothing else applies
  bool send_ping = false;
  policy_time wake_at = 0;  // call on_timer again at this time (unless closing)

  friend bool operator==(const timer_decision&, const timer_decision&) = default;
};

/// What the session knows once the WebSocket upgrade completed.
struct open_facts {
  bool attached = true;        // the hub accepted the identity (connections per identity)
  bool over_capacity = false;  // the server holds more than limits.max_connections sessions
  bool shutting_down = false;
};

/// Not thread-safe: one instance per session, used on that session's strand only.
class session_policy {
 public:
  session_policy(const session_policy_limits& limits, policy_time now);

  /// Whether the session may start; a close code otherwise (checked in this order: shutdown,
  /// over capacity, identity limit).
  std::optional<close_code> on_open(const open_facts& facts) const;

  /// A data frame arrived at `now` and the decoder judged it. Order of the checks: an expired
  /// token closes; then the rate limit (a dropped frame is not judged, and the n-th drop closes);
  /// then a refused frame counts towards the bad-frame limit.
  frame_decision on_frame(policy_time now, frame_verdict verdict);

  /// A control frame (pong or ping) arrived: the peer is alive.
  void on_pong(policy_time now);

  /// A write to the peer started / completed. A write that does not complete within
  /// write_stall_timeout_ms means the peer stopped reading: on_timer closes with slow_consumer
  /// (a peer that reads, however much it is sent, is never closed for it).
  /// Answers a time for an extra wake-up when this write would stall before the session's
  /// armed wake-up (see arm_wake), so that the close comes at the stall deadline and not up to
  /// a ping interval later; nullopt when the armed one comes first or a stall wake is pending.
  std::optional<policy_time> on_write_started(policy_time now) noexcept;
  void on_write_done() noexcept { write_started_ = no_write; }

  /// The session keeps at most two wake-ups scheduled: the regular one, at the time it arms
  /// here (on_timer's wake_at), and one earlier wake for a write in flight. Returns `at`.
  policy_time arm_wake(policy_time at) noexcept {
    armed_wake_ = at;
    return at;
  }
  /// A wake-up came at `now`: true when it is the regular one (arm the next with on_timer's
  /// wake_at); false when it was the stall wake (then ask stall_wake() whether another is due).
  bool on_wake(policy_time now) noexcept;
  /// The extra wake a write in flight needs (as on_write_started answers), if any.
  std::optional<policy_time> stall_wake() noexcept;

  /// The timer fired (or anything else wants the deadlines checked). At equal deadlines the token
  /// expiry wins over the idle timeout.
  timer_decision on_timer(policy_time now);

  /// Handling a frame failed inside the server.
  static close_code on_internal_error() noexcept { return close_code::internal; }

  /// The earliest time on_timer has something to do.
  policy_time next_deadline() const noexcept;

 private:
  bool token_expired(policy_time now) const noexcept;
  policy_time ping_due() const noexcept;

  session_policy_limits limits_;
  rate_limiter rate_;
  int rate_violations_ = 0;
  int bad_frames_ = 0;
  policy_time bad_window_start_ = 0;
  policy_time last_rx_;
  policy_time last_ping_;
  static constexpr policy_time no_write = -1;
  policy_time write_started_ = no_write;  // the write in flight began here
  policy_time armed_wake_ = INT64_MAX;     // the regular wake-up is scheduled for this time
  bool stall_wake_pending_ = false;        // an extra wake for a stalled write is scheduled
};

}  // namespace fenliu::gateway
