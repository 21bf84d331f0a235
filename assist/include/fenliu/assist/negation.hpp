#pragma once
// Negation cues and their scope: 不要发票 is no question about invoices, 我不想投诉 is no
// complaint, 不是很满意 is milder than 非常不满意.

#include <string_view>
#include <vector>

#include "fenliu/assist/phrase_matcher.hpp"

namespace fenliu::assist {

/// desire: "I do not want / need X" (不要, 不用, 不需要, 无需, don't need, no ... needed):
/// used by the FAQ matcher and the intents. polarity: every plain negator (不, 没, 没有, 不是,
/// not, never, ...): used by the sentiment scorer and for trigger words.
enum class negation_kind { desire, polarity };

/// Finds negation cues in normalised text. A-not-A questions are no negation: 要不要, 有没有,
/// 能不能, 包不包邮 ask, they do not deny. Immutable; safe to share between threads.
class negation_finder {
 public:
  explicit negation_finder(negation_kind kind);

  /// The shared instances (never destroyed).
  static const negation_finder& desire();
  static const negation_finder& polarity();

  std::vector<phrase_hit> cues(std::u32string_view text) const;

  /// Whether a phrase starting at `start` lies in the scope of one of `cues`: it follows the
  /// cue within three units (a CJK character or a Latin word is a unit), no CJK clause break
  /// (a space between CJK characters) lies between, and no 就 or 了 (再不发货就投诉 is a threat;
  /// 不想要了 closes its clause). Latin text keeps "no invoice needed": "no" scopes over the next
  /// three words.
  static bool in_scope(std::u32string_view text, const std::vector<phrase_hit>& cues,
                       std::size_t start);

  /// Post-position denial: a cue right after a phrase ending at `end` (发票不需要,
  /// 尺码不用推荐了, 发票就不用了): only the particles 就/也/都 may stand between. Returns the
  /// cue's end, or 0 when there is none.
  static std::size_t denied_after(std::u32string_view text, const std::vector<phrase_hit>& cues,
                                  std::size_t end);

  /// Convenience: `in_scope(text, cues(text), start)`.
  bool negated(std::u32string_view text, std::size_t start) const;

 private:
  phrase_matcher matcher_;
};

}  // namespace fenliu::assist
