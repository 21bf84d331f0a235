#include "gateway/net/session_policy.hpp"

#include <algorithm>

namespace fenliu::gateway {

session_policy::session_policy(const session_policy_limits& limits, policy_time now)
    : limits_(limits),
      rate_(limits.rate_per_s, limits.rate_burst, now),
      last_rx_(now),
      last_ping_(now) {}

std::optional<close_code> session_policy::on_open(const open_facts& facts) const {
  if (facts.shutting_down) {
    return close_code::going_away;
  }
  if (facts.over_capacity) {
    return close_code::overloaded;
  }
  if (!facts.attached) {
    return close_code::too_many_connections;
  }
  return std::nullopt;
}

frame_decision session_policy::on_frame(policy_time now, frame_verdict verdict) {
  using action = frame_decision::action;
  last_rx_ = std::max(last_rx_, now);
  // A frame may arrive before the expiry timer fires; it must not be served on a dead token.
  if (token_expired(now)) {
    return {action::close, close_code::token_expired};
  }
  if (!rate_.allow(now)) {
    // Violations add up over the connection's life: a client that keeps hitting the limit is
    // misbehaving, however slowly.
    if (++rate_violations_ >= limits_.rate_violations_to_close) {
      return {action::close, close_code::rate_limited};
    }
    return {action::rate_limited, close_code::normal};
  }
  if (verdict == frame_verdict::valid) {
    return {action::dispatch, close_code::normal};
  }
  // A fixed window opened by the first refused frame after the previous window ended.
  if (bad_frames_ == 0 || now - bad_window_start_ > limits_.bad_frames_window_ms) {
    bad_window_start_ = now;
    bad_frames_ = 0;
  }
  if (++bad_frames_ > limits_.bad_frames_to_close) {
    return {action::close, close_code::bad_frames};
  }
  return {action::refuse, close_code::normal};
}

void session_policy::on_pong(policy_time now) {
  last_rx_ = std::max(last_rx_, now);
}

timer_decision session_policy::on_timer(policy_time now) {
  if (token_expired(now)) {
    return {close_code::token_expired, false, now};
  }
  if (now - last_rx_ >= limits_.idle_timeout_ms) {
    return {close_code::idle_timeout, false, now};
  }
  if (write_started_ != no_write && now - write_started_ >= limits_.write_stall_timeout_ms) {
    return {close_code::slow_consumer, false, now};
  }
  timer_decision d;
  if (now >= ping_due()) {
    d.send_ping = true;
    last_ping_ = now;
  }
  d.wake_at = next_deadline();
  return d;
}

policy_time session_policy::next_deadline() const noexcept {
  policy_time at = std::min(ping_due(), last_rx_ + limits_.idle_timeout_ms);
  if (limits_.token_expires_at) {
    at = std::min(at, *limits_.token_expires_at);
  }
  if (write_started_ != no_write) {
    at = std::min(at, write_started_ + limits_.write_stall_timeout_ms);
  }
  return at;
}

std::optional<policy_time> session_policy::on_write_started(policy_time now) noexcept {
  write_started_ = now;
  return stall_wake();
}

std::optional<policy_time> session_policy::stall_wake() noexcept {
  if (write_started_ == no_write || stall_wake_pending_) {
    return std::nullopt;
  }
  const policy_time at = write_started_ + limits_.write_stall_timeout_ms;
  if (at >= armed_wake_) {
    return std::nullopt;  // the regular wake-up checks it in time
  }
  stall_wake_pending_ = true;
  return at;
}

// Wake-ups fire at or after their time, in time order; two in the same tick may come either
// way round, and then the second one is taken for the stall wake, which only clears the flag.
bool session_policy::on_wake(policy_time now) noexcept {
  if (now >= armed_wake_) {
    return true;
  }
  stall_wake_pending_ = false;
  return false;
}

// A token with `exp` is valid strictly before it (auth.hpp: expired means exp <= now).
bool session_policy::token_expired(policy_time now) const noexcept {
  return limits_.token_expires_at && now >= *limits_.token_expires_at;
}

// Pings repeat every interval while the peer stays silent; any frame or pong moves the next one.
policy_time session_policy::ping_due() const noexcept {
  return std::max(last_rx_, last_ping_) + limits_.ping_interval_ms;
}

}  // namespace fenliu::gateway
