#include "fenliu/assist/text_analyzer.hpp"

#include <algorithm>

#include "fenliu/assist/negation.hpp"
#include "fenliu/assist/text_normalizer.hpp"

namespace fenliu::assist {
namespace {

// Characters that carry no topic on their own: particles, pronouns, politeness.
constexpr std::u32string_view stop_chars =
    U"亲的了吗呢啊呀吧哦嗯么嘛我你您他她它们这那是在有和就也都还请问下个一些";

const char* const stop_words[] = {"the", "a",    "an",   "is",    "are",  "do",  "does",   "i",
                                  "you", "me",   "my",   "it",    "to",   "of",  "for",    "and",
                                  "or",  "can",  "be",   "will",  "in",   "on",  "what",   "your",
                                  "we",  "this", "that", "there", "have", "has", "please", "hi"};

bool is_stop_char(char32_t c) {
  return stop_chars.find(c) != std::u32string_view::npos;
}

bool is_stop_word(const std::string& w) {
  return std::any_of(std::begin(stop_words), std::end(stop_words),
                     [&](const char* s) { return w == s; });
}

void push_unique(std::vector<int>& v, int x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) {
    v.push_back(x);
  }
}

void add_ngrams(const std::u32string& text, const analyzer_weights& w,
                std::vector<weighted_term>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_cjk(text[i])) {
      std::size_t j = i;
      while (j < text.size() && is_cjk(text[j])) {
        ++j;
      }
      for (std::size_t k = i; k < j; ++k) {
        if (!is_stop_char(text[k])) {
          out.push_back({"u:" + encode_utf8(text.substr(k, 1)), w.unigram});
        }
        if (k + 1 < j && !(is_stop_char(text[k]) && is_stop_char(text[k + 1]))) {
          out.push_back({"b:" + encode_utf8(text.substr(k, 2)), w.bigram});
        }
      }
      i = j;
    } else if (is_word_char(text[i])) {
      std::size_t j = i;
      while (j < text.size() && is_word_char(text[j])) {
        ++j;
      }
      std::string word = encode_utf8(text.substr(i, j - i));
      if (!is_stop_word(word)) {
        out.push_back({"w:" + word, w.word});
      }
      i = j;
    } else {
      ++i;
    }
  }
}

}  // namespace

analyzed_text analyze(std::string_view text, const synonym_lexicon& lexicon, bool negate,
                      const analyzer_weights& weights) {
  analyzed_text out;
  out.text = normalize(text);
  const std::u32string original = out.text;
  const std::vector<concept_hit> hits = lexicon.find(original);
  const std::vector<phrase_hit> cues =
      negate ? negation_finder::desire().cues(original) : std::vector<phrase_hit>{};
  std::vector<concept_hit> kept;
  for (const concept_hit& h : hits) {
    const bool topic = lexicon.at(h.concept_index).role != concept_role::modifier;
    const std::size_t denied_to =
        topic ? negation_finder::denied_after(original, cues, h.end()) : 0;
    if (topic && (denied_to > 0 || negation_finder::in_scope(original, cues, h.start))) {
      push_unique(out.negated_topics, h.concept_index);
      // Blank from the nearest preceding cue (or the phrase) to the end of the denial.
      std::size_t from = h.start;
      for (const phrase_hit& c : cues) {
        if (denied_to == 0 && c.end() <= h.start) {
          from = c.start;
        }
      }
      const std::size_t to = std::max(h.end(), denied_to);
      std::fill(out.text.begin() + static_cast<std::ptrdiff_t>(from),
                out.text.begin() + static_cast<std::ptrdiff_t>(to), U' ');
      continue;
    }
    kept.push_back(h);
  }
  for (const concept_hit& h : kept) {
    const concept_def& c = lexicon.at(h.concept_index);
    if (c.name == "misc") {
      continue;
    }
    const bool topic = c.role != concept_role::modifier;
    out.terms.push_back({"#" + c.name, topic ? weights.topic : weights.modifier});
    push_unique(out.concepts, h.concept_index);
    if (topic) {
      push_unique(out.topics, h.concept_index);
    }
  }
  // An action among other topics is only the verb of the question.
  const auto is_action = [&](int t) { return lexicon.at(t).role == concept_role::action; };
  if (std::any_of(out.topics.begin(), out.topics.end(), [&](int t) { return !is_action(t); })) {
    out.topics.erase(std::remove_if(out.topics.begin(), out.topics.end(), is_action),
                     out.topics.end());
  }
  add_ngrams(out.text, weights, out.terms);
  return out;
}

}  // namespace fenliu::assist
