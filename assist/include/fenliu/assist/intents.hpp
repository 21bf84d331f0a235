#pragma once
// Handover intents (店小蜜's 意图分流): a buyer who asks for a person, asks about their own
// order, reports a wrong or broken delivery, chases a refund or complains is not answered
// with a generic FAQ; the intent says which stage and skills should take the chat.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/assist/phrase_matcher.hpp"
#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

/// A rule fires when every group has a phrase in the text that no desire negation covers
/// (不用转人工 asks for nobody). Groups are alternatives of phrases (UTF-8, normalised).
struct intent_rule {
  std::string intent;
  std::vector<std::vector<std::string>> all_of;
};

/// The built-in rules, in priority order (handover, complaint, order_problem,
/// refund_progress, order_status, greeting).
std::vector<intent_rule> builtin_intent_rules();

/// Immutable after construction; safe to share between threads.
class intent_detector {
 public:
  explicit intent_detector(std::vector<intent_rule> rules = builtin_intent_rules());

  /// Intent names found in normalised text, most important first, each once. `greeting`
  /// only when the message holds nothing but greetings and filler (亲 在吗).
  std::vector<std::string> detect(std::u32string_view normalised) const;

  /// UTF-8 convenience for tests and tools.
  std::vector<std::string> detect_text(std::string_view text) const;

 private:
  struct group {
    phrase_matcher phrases;
  };
  struct rule {
    std::string intent;
    std::vector<group> groups;
  };
  bool fires(const rule& r, std::u32string_view text, const std::vector<phrase_hit>& cues) const;
  bool only_greeting(std::u32string_view text) const;

  std::vector<rule> rules_;
  phrase_matcher greetings_;
};

/// Where an intent sends the chat: handover keeps the stage (empty), complaint goes to
/// after-sales with the complaint skill, order_problem and refund_progress to after-sales
/// with the refunds skill, order_status to in-sale with the shipping skill.
struct intent_route {
  std::optional<router::stage> stage;
  std::vector<router::skill_level> skills;
};
intent_route route_for(std::string_view intent, const bot_config& config);

}  // namespace fenliu::assist
