#pragma once
// Turns a buyer message into BM25 terms: concept tokens from the synonym lexicon, CJK
// character unigrams and bigrams, Latin words. Desire negations (不要发票) are cut out first.

#include <string>
#include <string_view>
#include <vector>

#include "fenliu/assist/bm25_index.hpp"
#include "fenliu/assist/synonyms.hpp"

namespace fenliu::assist {

struct analyzed_text {
  /// Normalised text with negated spans blanked out.
  std::u32string text;
  std::vector<weighted_term> terms;
  /// Indices of topic concepts found (not negated), each once, in order.
  std::vector<int> topics;
  /// Indices of every concept found (not negated), each once.
  std::vector<int> concepts;
  /// Topic concepts that a desire negation removed (不要发票 -> invoice).
  std::vector<int> negated_topics;
};

/// Term weights: topic concepts count most, single characters least.
struct analyzer_weights {
  double topic = 2.0;
  double modifier = 1.0;
  double bigram = 1.0;
  double unigram = 0.4;
  double word = 1.0;
};

/// `negate`: blank out "cue ... topic" spans (the query side); FAQ examples are analysed
/// without it, so an entry about "不开发票能便宜吗" keeps its words.
analyzed_text analyze(std::string_view text, const synonym_lexicon& lexicon, bool negate,
                      const analyzer_weights& weights = {});

}  // namespace fenliu::assist
