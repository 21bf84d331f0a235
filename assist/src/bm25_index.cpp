#include "fenliu/assist/bm25_index.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace fenliu::assist {

std::size_t bm25_index::add(const std::vector<weighted_term>& terms) {
  const std::size_t doc = doc_length_.size();
  std::map<std::string, int> tf;
  for (const weighted_term& t : terms) {
    ++tf[t.term];
  }
  for (const auto& [term, count] : tf) {
    postings_[term].push_back({doc, count});
  }
  doc_length_.push_back(static_cast<double>(terms.size()));
  return doc;
}

void bm25_index::finish() {
  double total = 0;
  for (double l : doc_length_) {
    total += l;
  }
  avg_length_ = doc_length_.empty() ? 1 : std::max(1.0, total / static_cast<double>(size()));
}

double bm25_index::idf(const std::string& term) const {
  const auto it = postings_.find(term);
  if (it == postings_.end()) {
    return 0;
  }
  const double n = static_cast<double>(it->second.size());
  const double docs = static_cast<double>(size());
  return std::log(1 + (docs - n + 0.5) / (n + 0.5));
}

std::vector<double> bm25_index::score(const std::vector<weighted_term>& query) const {
  std::vector<double> out(size(), 0.0);
  std::map<std::string, double> unique;
  for (const weighted_term& t : query) {
    double& w = unique[t.term];
    w = std::max(w, t.weight);
  }
  for (const auto& [term, weight] : unique) {
    const auto it = postings_.find(term);
    if (it == postings_.end()) {
      continue;
    }
    const double term_idf = idf(term);
    for (const posting& p : it->second) {
      const double tf = p.tf;
      const double norm =
          params_.k1 * (1 - params_.b + params_.b * doc_length_[p.doc] / avg_length_);
      out[p.doc] += weight * term_idf * tf * (params_.k1 + 1) / (tf + norm);
    }
  }
  return out;
}

}  // namespace fenliu::assist
