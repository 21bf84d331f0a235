#pragma once
// Vocabulary of the assist library: FAQ entries, bot and risk configuration, match results.
// Pure C++20: no I/O, no clock, no protobuf. Every type is a plain value, cheap to copy.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/router/types.hpp"

namespace fenliu::assist {

/// When the bot speaks in a stage. bot_first: the bot answers first and hands over on request
/// or when unsure. human_first: the bot stays silent. bot_off_shift_only: the bot answers only
/// while no agent of the stage is on shift.
enum class bot_mode { bot_first, human_first, bot_off_shift_only };

/// One FAQ entry of a shop. `examples` are a few phrasings a buyer might type (the demo shop
/// keeps at most 5); `keywords` add terms that must count even if no example uses them.
struct faq_entry {
  std::string id;
  router::stage stage = router::stage::pre_sales;
  std::vector<std::string> examples;
  std::vector<std::string> keywords;
  std::string answer_zh;
  std::string answer_en;
  std::vector<std::string> quick_replies;
};

/// The bot's settings for one shop.
struct bot_config {
  bot_mode mode[router::stage_count] = {bot_mode::bot_first, bot_mode::bot_first,
                                        bot_mode::bot_first};
  /// The best entry's confidence must be at least this to answer.
  double min_confidence = 0.5;
  /// ... and exceed the second-best entry's confidence by at least this.
  double min_margin = 0.08;
  /// This many unanswered or low-confidence buyer turns in a row hand the chat to a person.
  int handover_after_unanswered = 2;
  /// Skill names the handover intents require (they must be skills the shop's agents hold).
  std::string refunds_skill = "refunds";
  std::string complaint_skill = "complaints";
  std::string shipping_skill = "shipping";
};

/// What the shop knows about the buyer's order, passed in by the caller when it is known.
struct order_facts {
  std::string order_id;
  /// The order status name of the shop data: unpaid, paid, shipped, delivered, refund_open, ...
  std::string status;
  std::string carrier;
  std::string tracking;
};

/// Intent names carried in `match_result::intent`.
namespace intent_name {
inline constexpr const char* none = "none";
inline constexpr const char* faq = "faq";
inline constexpr const char* greeting = "greeting";
inline constexpr const char* handover = "handover";
inline constexpr const char* order_status = "order_status";
inline constexpr const char* order_problem = "order_problem";
inline constexpr const char* refund_progress = "refund_progress";
inline constexpr const char* complaint = "complaint";
/// A furious message: no canned answer (the risk path deals with it).
inline constexpr const char* unhappy = "unhappy";
/// Thanks or praise without a question: nothing to answer.
inline constexpr const char* thanks = "thanks";
}  // namespace intent_name

/// The matcher's verdict on one buyer message.
struct match_result {
  std::string text;
  /// The answered entry, `order_status` for an answer built from order data, or none.
  std::optional<std::string> faq_id;
  /// Confidence of the best entry in [0, 1] (1 for order_status and recognised intents).
  double confidence = 0;
  /// Second-best entry's confidence, for tuning.
  double runner_up = 0;
  /// True when the chat must go to a person now (asked for, order-specific without order data,
  /// complaint, refund in progress).
  bool handover = false;
  /// One of `intent_name`.
  std::string intent = intent_name::none;
  std::string answer_zh;
  std::string answer_en;
  std::vector<std::string> quick_replies;
  /// Where a handover should go; empty means "keep the conversation's stage".
  std::optional<router::stage> stage;
  std::vector<router::skill_level> skills;
};

/// What the gateway does with a conversation whose risk raised an alert (the supervisors are
/// always alerted): re-route it to agents with `reroute_skills`, raise its priority, or both.
enum class risk_action { alert_only, reroute, raise_priority, reroute_and_raise };

/// Risk settings of a shop. The scorer reads the thresholds; the action is carried out by the
/// gateway.
struct risk_config {
  /// A message scoring at or below this is risky (as is any trigger word).
  double message_threshold = -0.5;
  /// Conversation-level risk in [0, 1] that raises the alert.
  double conversation_threshold = 0.6;
  risk_action action = risk_action::reroute_and_raise;
  /// After-sales skills a re-routed risky conversation requires.
  std::vector<std::string> reroute_skills = {"complaints"};
};

struct risk_result {
  /// Lexicon sentiment in [-1, 1]: negative is unhappy.
  double score = 0;
  bool risky = false;
  /// Trigger words found (canonical spelling), not negated, in order of appearance.
  std::vector<std::string> triggers;
};

/// Parses "bot_first" / "human_first" / "bot_off_shift_only"; nullopt otherwise.
std::optional<bot_mode> parse_bot_mode(std::string_view name);
const char* to_string(bot_mode mode);

/// Parses "alert_only" / "reroute" / "raise_priority" / "reroute_and_raise"; nullopt otherwise.
std::optional<risk_action> parse_risk_action(std::string_view name);
const char* to_string(risk_action action);

}  // namespace fenliu::assist
