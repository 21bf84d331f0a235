#pragma once
// The sentiment and degree lexicons behind risk_scorer (internal).

#include <vector>

namespace fenliu::assist::detail {

struct weighted_phrase {
  const char* phrase;
  double value;
};

const std::vector<weighted_phrase>& sentiment_words();
const std::vector<weighted_phrase>& degree_adverbs();
const std::vector<const char*>& sentiment_negators();

}  // namespace fenliu::assist::detail
