#pragma once
// The bot's per-conversation state machine: given the mode, whether a person is assigned,
// whether the stage is on shift and the matcher's verdict, it answers, hands over or stays
// silent. Pure: the caller passes time in and carries the decision out.

#include <optional>
#include <string>
#include <vector>

#include "fenliu/assist/types.hpp"
#include "fenliu/assist/unanswered_report.hpp"

namespace fenliu::assist {

enum class bot_action { answer, handover, stay_silent };

/// Reasons carried in `bot_decision::reason`.
namespace bot_reason {
inline constexpr const char* answered = "answered";
inline constexpr const char* order_status = "order_status";
inline constexpr const char* person_assigned = "person_assigned";
inline constexpr const char* handed_over = "handed_over";
inline constexpr const char* human_first = "human_first";
inline constexpr const char* on_shift = "on_shift";
inline constexpr const char* asked_for_person = "asked_for_person";
inline constexpr const char* button = "button";
inline constexpr const char* unanswered_limit = "unanswered_limit";
inline constexpr const char* not_understood = "not_understood";
inline constexpr const char* nothing_to_answer = "nothing_to_answer";
}  // namespace bot_reason

/// What the conversation looks like when a buyer message arrives.
struct bot_context {
  router::stage stage = router::stage::pre_sales;
  bool person_assigned = false;
  /// Some agent serving this stage is on shift now (for bot_off_shift_only).
  bool stage_on_shift = true;
  router::time_ms now = 0;
  /// The conversation came to the bot in peak mode (peak.force_bot_first): the bot answers
  /// first whatever the stage's mode.
  bool forced_bot_first = false;
};

struct bot_decision {
  bot_action action = bot_action::stay_silent;
  /// One of `bot_reason`, or the intent that caused a handover (complaint, order_status...).
  std::string reason;
  /// For answer: the entry (or order_status) and its texts.
  std::optional<std::string> faq_id;
  std::string answer_zh;
  std::string answer_en;
  std::vector<std::string> quick_replies;
  /// For handover: where to route; an empty stage keeps the conversation's stage.
  std::optional<router::stage> stage;
  std::vector<router::skill_level> skills;
  /// Records for the unanswered-questions report, to be stored by the caller.
  std::vector<unanswered_record> records;
};

/// One per conversation; not thread-safe (run it where the conversation's state lives).
/// Off shift (bot_off_shift_only), a handover usually ends in leave-a-message: that is the
/// router's decision, not the bot's.
class bot_policy {
 public:
  explicit bot_policy(const bot_config& config);

  /// A buyer message with the matcher's verdict on it.
  bot_decision on_buyer_message(const bot_context& context, const match_result& match);

  /// The buyer pressed "转人工 / talk to a person".
  bot_decision on_handover_button(const bot_context& context);

  /// The conversation is back with the bot (a new visit after close): counters reset.
  void reset();

  int unanswered_in_a_row() const { return unanswered_; }
  bool handed_over() const { return handed_over_; }

 private:
  std::optional<std::string> silent_reason(const bot_context& context) const;
  bot_decision hand_over(const bot_context& context, std::string reason,
                         std::optional<router::stage> stage,
                         std::vector<router::skill_level> skills);

  bot_config config_;
  int unanswered_ = 0;
  bool handed_over_ = false;
  // Where the topics seen so far point (退款 earlier -> after-sales refunds on handover).
  std::optional<router::stage> hint_stage_;
  std::vector<router::skill_level> hint_skills_;
  // Questions the bot answered since the last handover, for answered_then_handover records.
  std::vector<std::pair<std::string, std::string>> answered_;
};

}  // namespace fenliu::assist
