#pragma once
// Conversation-level complaint risk: a pure accumulator over one conversation's buyer turns
// and waits. Timestamps come in; nothing reads a clock.

#include <string>

#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

struct conversation_risk_config {
  /// Level in [0, 1] at which the alert is raised (risk_config::conversation_threshold).
  double threshold = 0.6;
  /// Level added per unit of negative message score (a -0.6 message adds 0.21 alone).
  double negative_weight = 0.35;
  /// The n-th negative turn in a row counts (1 + streak_bonus * (n - 1)) times.
  double streak_bonus = 0.5;
  /// Level added per trigger word (差评, 投诉, 12315...).
  double trigger_weight = 0.5;
  /// Level removed per unit of positive message score.
  double positive_relief = 0.2;
  /// A buyer waiting longer than this for a reply adds risk...
  int long_wait_s = 60;
  /// ... rising linearly to this much at twice that wait, and no further.
  double wait_weight = 0.35;
  /// After an alert, the level must fall below threshold * rearm_share before another.
  double rearm_share = 0.5;
};

/// The defaults above with the shop's conversation threshold.
conversation_risk_config conversation_settings(const risk_config& shop);

struct risk_update {
  /// Level in [0, 1] after this event.
  double level = 0;
  /// True exactly once when the level first reaches the threshold (again after re-arming).
  bool alert = false;
  /// Why the level is what it is, for the alert and its decision record.
  std::string reason;
};

/// One per conversation; not thread-safe (run it where the conversation's state lives).
class conversation_risk {
 public:
  explicit conversation_risk(conversation_risk_config config = {});

  /// A buyer message, scored by risk_scorer, at `now`. The buyer waits from the first
  /// unanswered message until the next reply.
  risk_update on_customer_message(const risk_result& message, router::time_ms now);

  /// An agent or bot reply at `now`: the wait ends.
  void on_reply(router::time_ms now);

  /// Re-evaluates the wait at `now` without a new message (from a timer).
  risk_update on_tick(router::time_ms now);

  /// The level at `now`: the turn level plus the current wait's share.
  double level(router::time_ms now) const;

  bool alerted() const { return alerted_; }
  int negative_streak() const { return streak_; }

 private:
  risk_update settle(router::time_ms now, std::string reason);
  double wait_share(router::time_ms now) const;

  conversation_risk_config config_;
  double turn_level_ = 0;
  int streak_ = 0;
  bool waiting_ = false;
  router::time_ms waiting_since_ = 0;
  bool alerted_ = false;
};

}  // namespace fenliu::assist
