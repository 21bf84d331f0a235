#include "fenliu/assist/negation.hpp"

#include <algorithm>

#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

constexpr int max_gap_units = 3;

const char* const desire_cues[] = {"不要",
                                   "不用",
                                   "不需要",
                                   "不想要",
                                   "不想",
                                   "无需",
                                   "不必",
                                   "没必要",
                                   "别",
                                   "免了",
                                   "不开",
                                   "不打算",
                                   "用不着",
                                   "dont need",
                                   "do not need",
                                   "dont want",
                                   "do not want",
                                   "no need",
                                   "not need",
                                   "dont require",
                                   "without",
                                   "no",
                                   "not interested in",
                                   "never mind"};

const char* const polarity_cues[] = {
    "不",     "没",       "没有",     "无",   "别",     "非",    "未",      "不是",    "并不",
    "并没有", "一点也不", "一点都不", "从不", "从来不", "不会",  "不想",    "不要",    "不用",
    "不打算", "没打算",   "绝不",     "not",  "no",     "never", "dont",    "doesnt",  "didnt",
    "isnt",   "wasnt",    "arent",    "cant", "cannot", "wont",  "without", "nothing", "hardly"};

// Words that start like a cue but deny nothing: 别的 is "other", 无理由 a return policy.
const char* const blockers[] = {"别的", "别人", "别家", "无理由", "不错", "不客气", "没关系",
                                "不好意思", "非常", "无线", "not bad", "no problem",
                                // Conditions, not denials: 再不发货我就差评.
                                "再不", "如果不", "要是不", "不然", "否则"};

// 要不要, 有没有, 好不好: the character before 不/没 repeats after it.
bool a_not_a(std::u32string_view text, const phrase_hit& cue) {
  const char32_t first = text[cue.start];
  if (first != U'不' && first != U'没') {
    return false;
  }
  if (cue.start == 0 || cue.start + 1 >= text.size()) {
    return false;
  }
  return text[cue.start - 1] == text[cue.start + 1];
}

// Units between the end of a cue and `start`; -1 when a clause boundary or 就 intervenes.
int gap_units(std::u32string_view text, std::size_t from, std::size_t start) {
  int units = 0;
  bool in_word = false;
  for (std::size_t i = from; i < start; ++i) {
    const char32_t c = text[i];
    // 就 turns a denial into a condition (再不发货就投诉); 了 closes the clause (不想要了).
    if (c == U'就' || c == U'了') {
      return -1;
    }
    if (c == U' ') {
      const bool cjk_before = i > 0 && is_cjk(text[i - 1]);
      const bool cjk_after = i + 1 < text.size() && is_cjk(text[i + 1]);
      if (cjk_before || cjk_after) {
        return -1;
      }
      in_word = false;
      continue;
    }
    if (is_cjk(c)) {
      ++units;
      in_word = false;
    } else if (!in_word) {
      ++units;
      in_word = true;
    }
  }
  return units;
}

}  // namespace

negation_finder::negation_finder(negation_kind kind) {
  if (kind == negation_kind::desire) {
    for (const char* c : desire_cues) {
      matcher_.add(c, 0);
    }
  } else {
    for (const char* c : polarity_cues) {
      matcher_.add(c, 0);
    }
  }
  for (const char* b : blockers) {
    matcher_.add(b, -1);
  }
}

const negation_finder& negation_finder::desire() {
  static const auto* f = new negation_finder(negation_kind::desire);
  return *f;
}

const negation_finder& negation_finder::polarity() {
  static const auto* f = new negation_finder(negation_kind::polarity);
  return *f;
}

std::vector<phrase_hit> negation_finder::cues(std::u32string_view text) const {
  std::vector<phrase_hit> out;
  for (const phrase_hit& h : matcher_.find(text)) {
    if (h.payload >= 0 && !a_not_a(text, h)) {
      out.push_back(h);
    }
  }
  return out;
}

bool negation_finder::in_scope(std::u32string_view text, const std::vector<phrase_hit>& cues,
                               std::size_t start) {
  for (const phrase_hit& cue : cues) {
    if (cue.end() > start) {
      continue;
    }
    const int gap = gap_units(text, cue.end(), start);
    if (gap >= 0 && gap <= max_gap_units) {
      return true;
    }
  }
  return false;
}

std::size_t negation_finder::denied_after(std::u32string_view text,
                                          const std::vector<phrase_hit>& cues, std::size_t end) {
  // Only particles may stand between: 发票就不用了, 发票也不要.
  constexpr std::u32string_view particles = U"就也都";
  for (const phrase_hit& cue : cues) {
    if (cue.start < end) {
      continue;
    }
    const bool adjacent = std::all_of(text.begin() + static_cast<std::ptrdiff_t>(end),
                                      text.begin() + static_cast<std::ptrdiff_t>(cue.start),
                                      [&](char32_t c) {
                                        return particles.find(c) != std::u32string_view::npos;
                                      });
    return adjacent && cue.start - end <= 2 ? cue.end() : 0;
  }
  return 0;
}

bool negation_finder::negated(std::u32string_view text, std::size_t start) const {
  return in_scope(text, cues(text), start);
}

}  // namespace fenliu::assist
