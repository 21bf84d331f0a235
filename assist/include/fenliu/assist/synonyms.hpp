#pragma once
// The e-commerce synonym lexicon: phrases buyers use, mapped to canonical concept tokens, so
// "几天能寄出" and "多久发货" meet on the concepts `ship` and `when`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/assist/phrase_matcher.hpp"

namespace fenliu::assist {

/// A topic says what a question is about (shipping fee, invoice, colour...); a modifier only
/// sharpens one (when, how, how much). A question whose topics an FAQ entry does not cover is
/// not answered by that entry, however many characters they share. An action (发货, ship) is a
/// topic only when it is the sole one: in 可以发邮政吗 or 发票随货寄吗 it is just the verb.
enum class concept_role { topic, action, modifier };

struct concept_def {
  std::string name;
  concept_role role = concept_role::topic;
  std::vector<std::string> phrases;
};

/// A concept found in normalised text: code-point span and index into `concepts()`.
struct concept_hit {
  std::size_t start = 0;
  std::size_t length = 0;
  int concept_index = 0;
  std::size_t end() const { return start + length; }
};

/// Immutable after construction; safe to share between threads.
class synonym_lexicon {
 public:
  explicit synonym_lexicon(std::vector<concept_def> concepts);

  /// The built-in Chinese/English e-commerce lexicon (constructed once, never destroyed).
  static const synonym_lexicon& builtin();

  /// Concepts in normalised text, left to right, longest phrase first at each position.
  std::vector<concept_hit> find(std::u32string_view normalised) const;

  /// Concept names found in a UTF-8 text (normalised first), in order; for tests and tools.
  std::vector<std::string> concepts_of(std::string_view text) const;

  const std::vector<concept_def>& concepts() const { return concepts_; }
  const concept_def& at(int index) const { return concepts_[static_cast<std::size_t>(index)]; }
  std::optional<int> index_of(std::string_view name) const;

 private:
  std::vector<concept_def> concepts_;
  phrase_matcher matcher_;
};

/// The concept table behind `synonym_lexicon::builtin()`.
std::vector<concept_def> builtin_concepts();

}  // namespace fenliu::assist
