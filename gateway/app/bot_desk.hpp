#pragma once
// The bot's side of every open conversation: whether the bot serves it, the bot policy's
// verdict on each buyer message, the conversation's complaint risk, and the summary a person
// gets at handover. Thread-safe (one mutex, short critical sections; matching runs outside
// it). No I/O: the caller (bot_actions.cpp) stores the answers and posts the routing events.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/assist/bot_policy.hpp"
#include "fenliu/assist/conversation_risk.hpp"
#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/handover_summary.hpp"
#include "fenliu/assist/risk_scorer.hpp"
#include "fenliu/router/events.hpp"
#include "gateway/config/config.hpp"

namespace fenliu::gateway {

/// The desk's verdict on one buyer message.
struct bot_turn {
  /// answer: store the bot's answer. fallback: the bot did not understand (says so, offers a
  /// person). greeting: a greeting alone (the bot says hello). handover: route `request` now.
  /// off_shift: a person is needed while nobody of the stage is on shift (the chat waits as a
  /// left message; the bot says so).
  enum class kind { silent, answer, fallback, greeting, handover, off_shift };
  kind what = kind::silent;
  assist::match_result match;
  assist::bot_decision decision;
  router::event::conversation_requested request;
  /// Complaint risk: `alert` is set when the conversation first crosses the threshold.
  assist::risk_result risk;
  assist::risk_update level;
};

class bot_desk {
 public:
  explicit bot_desk(const shop_config& shop);

  assist::bot_mode mode_for(router::stage s) const;
  /// Peak mode with force_bot_first: every stage starts with the bot (when there is a FAQ).
  void set_peak_bot_first(bool on) { peak_bot_first_ = on; }
  /// The conversation starts with the bot; `request` is what to route at handover.
  void enter(router::conversation_id id, router::event::conversation_requested request,
             std::string order_id);
  /// In a bot_off_shift_only stage the bot answers while the router keeps the conversation as
  /// a left message because nobody of the stage is on shift; a no-op for other stages.
  void standby(router::conversation_id id, router::stage s, std::string order_id);
  /// A person took the conversation: the bot stops answering it.
  void step_aside(router::conversation_id id);
  /// Forget everything about the conversation (closed).
  void forget(router::conversation_id id);
  bool serving(router::conversation_id id) const;

  /// Scores the message for complaint risk (every conversation) and, while the bot serves the
  /// conversation, decides the bot's reply. `order` is the buyer's order when known.
  bot_turn on_customer_text(router::conversation_id id, std::string_view text, router::time_ms now,
                            const assist::order_facts* order);
  /// A person or the bot replied: the buyer's wait (part of the risk) ends.
  void on_reply(router::conversation_id id, router::time_ms now);
  /// The buyer pressed 转人工: the request to route, or nullopt when the bot does not hold the
  /// conversation (a person is already on the way, or nobody of the stage is on shift).
  std::optional<router::event::conversation_requested> request_human(router::conversation_id id,
      router::time_ms now);
  /// The summary for the agent who takes over, once; nullopt when the bot never handed over.
  std::optional<assist::handover_summary> take_summary(router::conversation_id id,
                                                       double* risk);

  /// The current FAQ matcher (any thread); a reload never changes one someone holds.
  std::shared_ptr<const assist::faq_matcher> matcher() const;
  /// Admin API: the bot answers from these entries from the next message on (any thread).
  void reload_faq(std::vector<assist::faq_entry> faq);
  const assist::risk_scorer& scorer() const { return scorer_; }

 private:
  struct conversation_state {
    explicit conversation_state(const shop_config& shop);
    bool serving = false;  // the bot answers (bot_first before handover, or off-shift standby)
    bool standby = false;  // off-shift standby: the router already holds the conversation
    bool forced = false;   // entered in peak mode: bot first whatever the stage's mode
    router::stage stage = router::stage::pre_sales;
    std::string order_id;
    router::event::conversation_requested request;
    assist::bot_policy policy;
    assist::conversation_risk risk;
    double last_risk = 0;
    assist::handover_summary_builder summary;
    std::optional<assist::handover_summary> handed_over;
  };
  conversation_state& state_of(router::conversation_id id);  // mutex held
  void hand_over(conversation_state& c, bot_turn& turn);

  const shop_config& shop_;
  std::shared_ptr<const assist::faq_matcher> matcher_;  // guarded by mutex_
  assist::risk_scorer scorer_;
  mutable std::mutex mutex_;
  std::atomic<bool> peak_bot_first_{false};
  std::map<router::conversation_id, conversation_state> conversations_;
};

}  // namespace fenliu::gateway
