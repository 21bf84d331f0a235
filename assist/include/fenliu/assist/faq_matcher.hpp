#pragma once
// The FAQ bot's matcher: intents first (a person, an order, a complaint are never answered
// with a generic FAQ), then BM25 over the entries with a confidence threshold and a margin.

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "fenliu/assist/bm25_index.hpp"
#include "fenliu/assist/intents.hpp"
#include "fenliu/assist/risk_scorer.hpp"
#include "fenliu/assist/synonyms.hpp"
#include "fenliu/assist/text_analyzer.hpp"
#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

/// The faq_id of answers built from the buyer's order.
inline constexpr const char* order_status_faq_id = "order_status";

/// Immutable after construction: `match` may be called from any thread at once. Owns copies
/// of the entries and the configuration; rebuild it to reload.
class faq_matcher {
 public:
  faq_matcher(std::vector<faq_entry> entries, const bot_config& config);

  /// Matches one buyer message. `order` is the buyer's order when the caller knows it (may be
  /// null); it is only read during the call. Order-specific questions are answered from it
  /// (faq_id `order_status`) or handed over; they never get a generic entry.
  match_result match(std::string_view text, const order_facts* order) const;

  /// Every entry's confidence for `text` (as the bot would rank them, without the intents,
  /// thresholds or margin), best first: what suggested replies draw from.
  std::vector<std::pair<std::size_t, double>> rank_entries(std::string_view text) const;

  const std::vector<faq_entry>& entries() const { return entries_; }
  const bot_config& config() const { return config_; }

 private:
  struct scored {
    double confidence = 0;
    std::size_t entry = 0;
  };
  match_result match_faq(match_result r, std::string_view text) const;
  std::vector<scored> rank(const analyzed_text& query) const;

  std::vector<faq_entry> entries_;
  bot_config config_;
  const synonym_lexicon& lexicon_;
  intent_detector intents_;
  bm25_index index_;
  std::vector<std::vector<int>> entry_topics_;
  risk_scorer sentiment_;
  phrase_matcher question_markers_;
};

/// Whether a message reads as a question (a question mark, 吗/呢/怎么/多少/几/哪, an A-not-A
/// form such as 包不包邮, or how/what/when/can/do/is... in English).
bool is_question(std::string_view raw, std::u32string_view normalised,
                 const phrase_matcher& markers);

/// The order_status answer texts for an order (Chinese and English).
void order_status_answer(const order_facts& order, std::string& zh, std::string& en);

}  // namespace fenliu::assist
