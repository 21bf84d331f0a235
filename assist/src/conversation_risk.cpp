#include "fenliu/assist/conversation_risk.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace fenliu::assist {

conversation_risk_config conversation_settings(const risk_config& shop) {
  conversation_risk_config c;
  c.threshold = shop.conversation_threshold;
  return c;
}

conversation_risk::conversation_risk(conversation_risk_config config) : config_(config) {}

double conversation_risk::wait_share(router::time_ms now) const {
  if (!waiting_ || config_.long_wait_s <= 0) {
    return 0;
  }
  const double waited_s = static_cast<double>(now - waiting_since_) / 1000.0;
  const double over = (waited_s - config_.long_wait_s) / config_.long_wait_s;
  return config_.wait_weight * std::clamp(over, 0.0, 1.0);
}

double conversation_risk::level(router::time_ms now) const {
  return std::clamp(turn_level_ + wait_share(now), 0.0, 1.0);
}

risk_update conversation_risk::settle(router::time_ms now, std::string reason) {
  risk_update u;
  u.level = level(now);
  u.reason = std::move(reason);
  if (!alerted_ && u.level >= config_.threshold) {
    alerted_ = true;
    u.alert = true;
  } else if (alerted_ && u.level < config_.threshold * config_.rearm_share) {
    alerted_ = false;
  }
  return u;
}

risk_update conversation_risk::on_customer_message(const risk_result& m, router::time_ms now) {
  if (!waiting_) {
    waiting_ = true;
    waiting_since_ = now;
  }
  std::string reason;
  if (m.score < 0) {
    ++streak_;
    const double repeat = 1 + config_.streak_bonus * (streak_ - 1);
    turn_level_ += config_.negative_weight * -m.score * repeat;
    reason = streak_ > 1 ? fmt::format("{} negative messages in a row", streak_)
                         : std::string("negative message");
  } else {
    streak_ = 0;
    turn_level_ -= config_.positive_relief * m.score;
  }
  turn_level_ += config_.trigger_weight * static_cast<double>(m.triggers.size());
  if (!m.triggers.empty()) {
    reason = fmt::format("trigger words: {}", fmt::join(m.triggers, ", "));
  }
  turn_level_ = std::clamp(turn_level_, 0.0, 1.0);
  if (wait_share(now) > 0) {
    const auto waited_s = (now - waiting_since_) / 1000;
    reason += fmt::format("{}waiting {} s", reason.empty() ? "" : "; ", waited_s);
  }
  return settle(now, std::move(reason));
}

void conversation_risk::on_reply(router::time_ms now) {
  // A wait that ended long is remembered as part of the turn level: the buyer felt it.
  turn_level_ = std::clamp(turn_level_ + wait_share(now), 0.0, 1.0);
  waiting_ = false;
}

risk_update conversation_risk::on_tick(router::time_ms now) {
  std::string reason;
  if (wait_share(now) > 0) {
    reason = fmt::format("waiting {} s", (now - waiting_since_) / 1000);
  }
  return settle(now, std::move(reason));
}

}  // namespace fenliu::assist
