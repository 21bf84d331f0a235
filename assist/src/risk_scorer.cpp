#include "fenliu/assist/risk_scorer.hpp"

#include <algorithm>
#include <cstring>

#include "fenliu/assist/negation.hpp"
#include "fenliu/assist/text_normalizer.hpp"
#include "fenliu/assist/triggers.hpp"
#include "risk_lexicon.hpp"

namespace fenliu::assist {
namespace {

constexpr int kind_step = 100000;
enum kind : int { sentiment = 1, degree = 2, negator = 3, soft_negator = 4 };
constexpr double trigger_value = -0.6;
constexpr double max_degree = 2.0;
// 不是很满意: a negated, graded word keeps this share of its value, with the sign flipped.
constexpr double soft_negation = 0.4;
// 不好 / 不喜欢: a negated positive word.
constexpr double negated_positive = 0.7;
// 不差 / 没问题: a negated negative word is only mildly positive.
constexpr double negated_negative = 0.3;
constexpr double exclamation_boost = 1.3;

struct scan_state {
  std::vector<phrase_hit> negation;  // at most one: the latest cue
  bool soft = false;
  double degree = 1;
  std::size_t degree_end = 0;
  bool has_degree = false;
  bool degree_after_negation = false;

  void reset() { *this = scan_state{}; }
};

bool a_not_a(std::u32string_view text, const phrase_hit& h) {
  const char32_t c = text[h.start];
  return (c == U'不' || c == U'没') && h.start > 0 && h.start + 1 < text.size() &&
         text[h.start - 1] == text[h.start + 1];
}

int count_of(std::string_view raw, std::initializer_list<const char*> marks) {
  int n = 0;
  for (const char* m : marks) {
    const std::size_t len = std::strlen(m);
    for (std::size_t pos = raw.find(m); pos != std::string_view::npos;
         pos = raw.find(m, pos + len)) {
      ++n;
    }
  }
  return n;
}

double word_value(double value, const scan_state& s, std::u32string_view text, std::size_t start) {
  double v = value;
  const bool graded = s.has_degree && start >= s.degree_end && start - s.degree_end <= 2;
  if (graded) {
    v *= s.degree;
  }
  if (!negation_finder::in_scope(text, s.negation, start)) {
    return v;
  }
  if (s.soft || (graded && s.degree_after_negation)) {
    return -v * soft_negation;
  }
  return value > 0 ? -v * negated_positive : -v * negated_negative;
}

}  // namespace

risk_scorer::risk_scorer(risk_config config) : config_(config) {
  const auto& words = detail::sentiment_words();
  for (std::size_t i = 0; i < words.size(); ++i) {
    matcher_.add(words[i].phrase, sentiment * kind_step + static_cast<int>(i));
  }
  const auto& degrees = detail::degree_adverbs();
  for (std::size_t i = 0; i < degrees.size(); ++i) {
    matcher_.add(degrees[i].phrase, degree * kind_step + static_cast<int>(i));
  }
  for (const char* n : detail::sentiment_negators()) {
    const std::string_view s(n);
    const bool soft = s == "不太" || s == "不怎么" || s == "不算" || s == "不够";
    matcher_.add(n, (soft ? soft_negator : negator) * kind_step);
  }
}

risk_result risk_scorer::score(std::string_view raw) const {
  risk_result r;
  const std::u32string text = normalize(raw);
  double total = 0;
  scan_state s;
  for (const phrase_hit& h : matcher_.find(text)) {
    const int k = h.payload / kind_step;
    const auto index = static_cast<std::size_t>(h.payload % kind_step);
    if (k == negator || k == soft_negator) {
      if (!a_not_a(text, h)) {
        s.negation = {h};
        s.soft = k == soft_negator;
      }
    } else if (k == degree) {
      s.degree = std::min(max_degree,
                          (s.has_degree ? s.degree : 1) * detail::degree_adverbs()[index].value);
      s.degree_after_negation = !s.negation.empty();
      s.degree_end = h.end();
      s.has_degree = true;
    } else {
      total += word_value(detail::sentiment_words()[index].value, s, text, h.start);
      s.reset();
    }
  }
  for (const trigger_hit& t : find_triggers(text)) {
    if (!t.negated &&
        std::find(r.triggers.begin(), r.triggers.end(), t.canonical) == r.triggers.end()) {
      r.triggers.push_back(t.canonical);
      total += trigger_value;
    }
  }
  if (total < 0 && count_of(raw, {"!", "！"}) >= 2) {
    total *= exclamation_boost;
  }
  r.score = std::clamp(total, -1.0, 1.0);
  r.risky = r.score <= config_.message_threshold || !r.triggers.empty();
  return r;
}

}  // namespace fenliu::assist
