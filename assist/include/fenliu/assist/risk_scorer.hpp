#pragma once
// Complaint-risk scoring of one buyer message (情绪预警): a lexicon sentiment in [-1, 1] for
// Chinese and English with negation and degree adverbs, plus trigger words.

#include <string_view>

#include "fenliu/assist/phrase_matcher.hpp"
#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

/// Immutable after construction: `score` may run on any thread at once.
///
/// Sentiment words carry a value (满意 +0.6, 垃圾 -0.9); a degree adverb in front scales it
/// (非常 x1.8, 有点 x0.6); a negation in front flips and softens it (不满意 is a word of its
/// own, 不是很满意 is mild, 不差 mildly positive). Each trigger word that no negation covers
/// adds -0.6 and makes the message risky on its own (我不想投诉 is no complaint). Two or
/// more exclamation marks sharpen a negative message. The sum is clamped to [-1, 1].
class risk_scorer {
 public:
  explicit risk_scorer(risk_config config);

  risk_result score(std::string_view text) const;

  const risk_config& config() const { return config_; }

 private:
  risk_config config_;
  phrase_matcher matcher_;
};

}  // namespace fenliu::assist
