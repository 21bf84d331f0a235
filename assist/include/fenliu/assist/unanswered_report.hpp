#pragma once
// 聊天数据分析: the buyer questions the bot did not answer (or answered before the buyer asked
// for a person anyway), grouped by similarity per period and stage, so an admin can turn the
// big groups into FAQ entries.

#include <map>
#include <string>
#include <vector>

#include "fenliu/assist/types.hpp"

namespace fenliu::assist {

/// Reasons a record carries.
namespace unanswered_reason {
inline constexpr const char* not_answered = "not_answered";
inline constexpr const char* answered_then_handover = "answered_then_handover";
}  // namespace unanswered_reason

struct unanswered_record {
  std::string text;
  router::stage stage = router::stage::pre_sales;
  router::time_ms time_ms = 0;
  /// One of `unanswered_reason`.
  std::string reason;
  /// For answered_then_handover: the entry the bot answered with.
  std::string faq_id;
};

struct report_options {
  /// Length of a period (a day by default), aligned to local midnight.
  router::time_ms period_ms = 24LL * 3600 * 1000;
  int utc_offset_minutes = 480;
  /// Jaccard similarity (characters, bigrams, words and concepts) to join a group.
  double min_similarity = 0.25;
  std::size_t max_examples = 3;
};

struct unanswered_group {
  /// Start of the period (UTC milliseconds of the local period start).
  router::time_ms period_start = 0;
  router::stage stage = router::stage::pre_sales;
  int count = 0;
  /// The first question of the group, which the others resemble.
  std::string representative;
  /// Up to `max_examples` distinct texts, representative first.
  std::vector<std::string> examples;
  /// Count per reason.
  std::map<std::string, int> reasons;
  /// Entries the bot answered with before the buyer asked for a person, with counts.
  std::map<std::string, int> answered_with;
};

/// Groups records. Pure and deterministic: records are taken in time order (then text);
/// groups come out by period, stage, then larger count first, then representative text.
std::vector<unanswered_group> group_unanswered(const std::vector<unanswered_record>& records,
                                               const report_options& options = {});

/// Jaccard similarity of two texts on the features `group_unanswered` uses; in [0, 1].
double question_similarity(std::string_view a, std::string_view b);

}  // namespace fenliu::assist
