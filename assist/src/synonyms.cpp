#include "fenliu/assist/synonyms.hpp"

#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {

synonym_lexicon::synonym_lexicon(std::vector<concept_def> concepts)
    : concepts_(std::move(concepts)) {
  for (std::size_t i = 0; i < concepts_.size(); ++i) {
    for (const std::string& p : concepts_[i].phrases) {
      matcher_.add(p, static_cast<int>(i));
    }
  }
}

const synonym_lexicon& synonym_lexicon::builtin() {
  static const auto* lexicon = new synonym_lexicon(builtin_concepts());
  return *lexicon;
}

std::vector<concept_hit> synonym_lexicon::find(std::u32string_view normalised) const {
  std::vector<concept_hit> out;
  for (const phrase_hit& h : matcher_.find(normalised)) {
    if (h.payload >= 0) {
      out.push_back({h.start, h.length, h.payload});
    }
  }
  return out;
}

std::vector<std::string> synonym_lexicon::concepts_of(std::string_view text) const {
  std::vector<std::string> out;
  for (const concept_hit& h : find(normalize(text))) {
    out.push_back(at(h.concept_index).name);
  }
  return out;
}

std::optional<int> synonym_lexicon::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < concepts_.size(); ++i) {
    if (concepts_[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

}  // namespace fenliu::assist
