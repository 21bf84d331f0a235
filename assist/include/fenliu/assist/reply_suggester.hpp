#pragma once
// Suggested replies for an agent: the buyer's last message ranked against the shop's FAQ
// answers (the bot's own matcher and scores) and the agent's quick phrases (the same analyser
// and BM25), best first. In-process and pure: no network service, no clock.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/assist/bm25_index.hpp"
#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

struct phrase_document {
  std::string id;
  std::string group;
  std::string shortcut;
  std::string text;  // a template (reply_template.hpp)
};

struct reply_suggestion {
  std::string source;  // "faq", "phrase" or "order_status"
  std::string id;      // FAQ entry id, phrase id, or "order_status"
  std::string text;    // FAQ answer / phrase template / the order answer
  double score = 0;    // 0..1
};

/// Immutable after construction: `suggest` may run on any thread at once. Holds a reference to
/// `faq`, which must outlive it.
class reply_suggester {
 public:
  reply_suggester(const faq_matcher& faq, std::vector<phrase_document> phrases);

  /// At most `n` suggestions scoring at least `min_score`, best first, no two with the same
  /// text. A question about the order answered from `order` (may be null) comes first.
  std::vector<reply_suggestion> suggest(std::string_view buyer_text, const order_facts* order,
                                        std::size_t n, double min_score) const;

  const std::vector<phrase_document>& phrases() const { return phrases_; }

 private:
  const faq_matcher& faq_;
  const synonym_lexicon& lexicon_;
  std::vector<phrase_document> phrases_;
  std::vector<std::vector<int>> phrase_topics_;
  bm25_index index_;
};

}  // namespace fenliu::assist
