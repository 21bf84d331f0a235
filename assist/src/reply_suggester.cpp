#include "fenliu/assist/reply_suggester.hpp"

#include <algorithm>

#include "fenliu/assist/text_analyzer.hpp"

namespace fenliu::assist {
namespace {

// As the FAQ matcher: the BM25 score at which a phrase's raw confidence is one half, and what
// a phrase keeps of it when it shares words but none of the question's topics.
constexpr double half_score = 4.0;
constexpr double uncovered_floor = 0.35;
constexpr double no_topic_cover = 0.5;

double coverage(const std::vector<int>& query, const std::vector<int>& doc) {
  if (query.empty()) {
    return no_topic_cover;
  }
  const auto covered = std::count_if(query.begin(), query.end(), [&](int t) {
    return std::find(doc.begin(), doc.end(), t) != doc.end();
  });
  return static_cast<double>(covered) / static_cast<double>(query.size());
}

}  // namespace

reply_suggester::reply_suggester(const faq_matcher& faq, std::vector<phrase_document> phrases)
    : faq_(faq), lexicon_(synonym_lexicon::builtin()), phrases_(std::move(phrases)) {
  for (const auto& p : phrases_) {
    // The group names the topic (物流, 售后) as much as the words do; the shortcut is often a
    // word of it (kuaidi, tuihuo) and costs nothing to add.
    analyzed_text a = analyze(p.text + " " + p.group + " " + p.shortcut, lexicon_, false);
    index_.add(a.terms);
    phrase_topics_.push_back(std::move(a.topics));
  }
  index_.finish();
}

std::vector<reply_suggestion> reply_suggester::suggest(std::string_view buyer_text,
                                                       const order_facts* order, std::size_t n,
                                                       double min_score) const {
  std::vector<reply_suggestion> all;
  if (order != nullptr) {
    const match_result m = faq_.match(buyer_text, order);
    if (m.faq_id && *m.faq_id == order_status_faq_id) {
      all.push_back({"order_status", order_status_faq_id, m.answer_zh, 1.0});
    }
  }
  for (const auto& [entry, score] : faq_.rank_entries(buyer_text)) {
    const faq_entry& e = faq_.entries()[entry];
    all.push_back({"faq", e.id, e.answer_zh, score});
  }
  if (index_.size() != 0) {
    const analyzed_text q = analyze(buyer_text, lexicon_, true);
    const std::vector<double> scores = index_.score(q.terms);
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const double raw = scores[i] / (scores[i] + half_score);
      const double cover = coverage(q.topics, phrase_topics_[i]);
      all.push_back({"phrase", phrases_[i].id, phrases_[i].text,
                     raw * (uncovered_floor + (1 - uncovered_floor) * cover)});
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const reply_suggestion& a,
                                              const reply_suggestion& b) {
    return a.score > b.score;
  });
  std::vector<reply_suggestion> out;
  for (auto& s : all) {
    if (out.size() == n || s.score < min_score) {
      break;
    }
    const bool repeated = std::any_of(out.begin(), out.end(), [&](const reply_suggestion& o) {
      return o.text == s.text;
    });
    if (!repeated && !s.text.empty()) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace fenliu::assist
