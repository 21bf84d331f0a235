#pragma once
// The short structured summary the agent receives with a handed-over chat: intents detected,
// the order, the questions the bot could not answer and what it did answer, so the agent
// does not have to re-read the bot exchange.

#include <optional>
#include <string>
#include <vector>

#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

struct answered_question {
  std::string text;
  std::string faq_id;
  bool operator==(const answered_question&) const = default;
};

struct handover_summary {
  /// Why the bot handed over (bot_decision::reason).
  std::string reason;
  /// Intents seen in the bot exchange, first seen first, without none/faq/greeting/thanks.
  std::vector<std::string> intents;
  std::string order_id;
  /// Buyer questions the bot could not answer, oldest first (at most `max_items`).
  std::vector<std::string> unanswered;
  /// Questions the bot answered, with the entry it used (at most `max_items`).
  std::vector<answered_question> answered;
  /// Where the chat was routed.
  std::optional<router::stage> stage;
  std::vector<router::skill_level> skills;
  /// The last buyer message, whatever the bot did with it.
  std::string last_message;

  /// One compact line per field in Chinese, for the workbench and for logs of ids only.
  std::string to_text() const;
};

/// Collects a conversation's bot turns; `build` makes the summary at handover time. One per
/// conversation; not thread-safe.
class handover_summary_builder {
 public:
  explicit handover_summary_builder(std::size_t max_items = 5, std::size_t max_chars = 60);

  /// A buyer message and the matcher's verdict; `answered` when the bot did answer it.
  void add(const match_result& match, bool answered);

  handover_summary build(std::string reason, std::string order_id,
                         std::optional<router::stage> stage,
                         std::vector<router::skill_level> skills) const;

 private:
  std::size_t max_items_;
  std::size_t max_chars_;
  handover_summary draft_;
};

}  // namespace fenliu::assist
