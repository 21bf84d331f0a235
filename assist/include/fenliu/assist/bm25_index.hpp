#pragma once
// Okapi BM25 over weighted string terms: the ranking half of the FAQ matcher.

#include <string>
#include <unordered_map>
#include <vector>

namespace fenliu::assist {

struct weighted_term {
  std::string term;
  double weight = 1;
};

/// Documents are bags of terms; a query's terms carry weights (a concept counts more than a
/// single character). Scores are >= 0. Add every document, then `finish`, then query;
/// after `finish` the index is immutable and `score` may run on any thread at once.
class bm25_index {
 public:
  struct params {
    double k1 = 1.2;
    double b = 0.5;
  };

  bm25_index() = default;
  explicit bm25_index(params p) : params_(p) {}

  /// Adds a document and returns its index (0, 1, ...). Weights of document terms are ignored.
  std::size_t add(const std::vector<weighted_term>& terms);
  void finish();

  /// One score per document, in the order added. A repeated query term counts once, with the
  /// largest weight given.
  std::vector<double> score(const std::vector<weighted_term>& query) const;

  /// Inverse document frequency of a term (0 for a term no document holds).
  double idf(const std::string& term) const;

  std::size_t size() const { return doc_length_.size(); }

 private:
  struct posting {
    std::size_t doc = 0;
    int tf = 0;
  };
  params params_;
  std::unordered_map<std::string, std::vector<posting>> postings_;
  std::vector<double> doc_length_;
  double avg_length_ = 1;
};

}  // namespace fenliu::assist
