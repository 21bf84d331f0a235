#include "fenliu/assist/phrase_matcher.hpp"

#include <algorithm>

#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

bool boundary_ok(std::u32string_view text, std::size_t start, std::size_t end,
                 std::u32string_view phrase) {
  if (is_word_char(phrase.front()) && start > 0 && is_word_char(text[start - 1])) {
    return false;
  }
  if (is_word_char(phrase.back()) && end < text.size() && is_word_char(text[end])) {
    return false;
  }
  return true;
}

}  // namespace

void phrase_matcher::add(std::string_view phrase, int payload) {
  std::u32string norm = normalize(phrase);
  if (norm.empty()) {
    return;
  }
  auto& list = by_first_[norm.front()];
  if (std::any_of(list.begin(), list.end(), [&](const entry& e) { return e.text == norm; })) {
    return;
  }
  list.push_back({std::move(norm), payload});
  std::stable_sort(list.begin(), list.end(),
                   [](const entry& a, const entry& b) { return a.text.size() > b.text.size(); });
  ++count_;
}

bool phrase_matcher::match_at(std::u32string_view text, std::size_t pos, phrase_hit& hit) const {
  const auto it = by_first_.find(text[pos]);
  if (it == by_first_.end()) {
    return false;
  }
  for (const entry& e : it->second) {
    const std::size_t end = pos + e.text.size();
    if (end <= text.size() && text.compare(pos, e.text.size(), e.text) == 0 &&
        boundary_ok(text, pos, end, e.text)) {
      hit = {pos, e.text.size(), e.payload};
      return true;
    }
  }
  return false;
}

std::vector<phrase_hit> phrase_matcher::find(std::u32string_view text) const {
  std::vector<phrase_hit> hits;
  std::size_t pos = 0;
  while (pos < text.size()) {
    phrase_hit hit;
    if (match_at(text, pos, hit)) {
      hits.push_back(hit);
      pos = hit.end();
    } else {
      ++pos;
    }
  }
  return hits;
}

}  // namespace fenliu::assist
