#pragma once
// Greedy longest-match lookup of many phrases in normalised text: the one scanning primitive
// behind the synonym lexicon, negation cues, intents and the sentiment lexicon.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fenliu::assist {

/// A phrase found in a text: code-point offsets into the normalised text and the payload
/// given to `add`.
struct phrase_hit {
  std::size_t start = 0;
  std::size_t length = 0;
  int payload = 0;
  std::size_t end() const { return start + length; }
};

/// Phrases are normalised with `normalize` when added. A phrase that begins (ends) with a
/// Latin letter or digit only matches at a word boundary there, so "ship" does not match
/// inside "relationship"; CJK phrases match anywhere. Immutable after construction: `find`
/// may be called from any thread at once.
class phrase_matcher {
 public:
  /// Adds a phrase (UTF-8). Empty phrases are ignored; a repeated phrase keeps its first
  /// payload.
  void add(std::string_view phrase, int payload);

  /// Non-overlapping hits from left to right; at each position the longest phrase wins.
  std::vector<phrase_hit> find(std::u32string_view text) const;

  /// The longest phrase starting exactly at `pos`, if any.
  bool match_at(std::u32string_view text, std::size_t pos, phrase_hit& hit) const;

  std::size_t size() const { return count_; }

 private:
  struct entry {
    std::u32string text;
    int payload = 0;
  };
  // By first code point, longest first.
  std::unordered_map<char32_t, std::vector<entry>> by_first_;
  std::size_t count_ = 0;
};

}  // namespace fenliu::assist
