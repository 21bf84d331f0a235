#pragma once
// Complaint trigger words (差评, 投诉, 12315, chargeback, scam, ...): a buyer who names one is
// about to escalate, whatever the rest of the message says.

#include <string>
#include <string_view>
#include <vector>

namespace fenliu::assist {

struct trigger_hit {
  /// Canonical spelling, e.g. "差评" for 给差评 / 打差评 / 一星.
  std::string canonical;
  std::size_t start = 0;
  std::size_t length = 0;
  /// In the scope of a negation (我不想投诉, 不会给差评, won't file a chargeback).
  bool negated = false;
};

/// Trigger words in normalised text, left to right, negated ones included and marked.
std::vector<trigger_hit> find_triggers(std::u32string_view normalised);

/// The canonical trigger names, for documentation and tests.
std::vector<std::string> trigger_names();

}  // namespace fenliu::assist
