#pragma once
// Quick phrases (快捷短语) of the shop: the shop's shared ones (from the config, kept in the
// store) and each agent's own (managed through the phrase frames, kept in the store), and per
// agent the suggester built over them. Loaded once at start-up; the handlers write to the
// store first and then apply the change here. Thread-safe (one mutex; suggesters are immutable
// snapshots rebuilt lazily after a change).

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fenliu/assist/faq_matcher.hpp"
#include "fenliu/assist/reply_suggester.hpp"
#include "fenliu/store/records.hpp"
#include "gateway/config/config.hpp"
#include "gateway/protocol/codes.hpp"

namespace fenliu::gateway {

/// Why a phrase cannot be saved.
struct phrase_refusal {
  error_code code = error_code::invalid_argument;
  std::string detail;
};

/// The shop's [[quick_phrases]] as store rows (position: the list order).
std::vector<store::quick_phrase_row> shop_phrase_rows(const shop_config& shop);

class phrase_book {
 public:
  /// Start-up only, blocking. A config with [[quick_phrases]] replaces the stored shop phrases
  /// with them (asynchronous write); without, the stored ones serve. Reads every stored phrase
  /// (agents' own included). Throws std::system_error when they cannot be read.
  /// `faq` gives the current FAQ matcher (the bot desk's; it changes on an admin reload).
  phrase_book(store::records& store, const shop_config& shop,
              std::function<std::shared_ptr<const assist::faq_matcher>()> faq);

  /// The shop's phrases, then the agent's own.
  std::vector<store::quick_phrase_row> phrases_for(const std::string& agent) const;

  /// Checks a save of the agent's phrase and returns the row to store (a new id for a new
  /// phrase), or why not: an unknown variable, a shortcut too long or taken, too many phrases,
  /// a shop phrase (read-only) or an id the agent does not own.
  std::variant<store::quick_phrase_row, phrase_refusal> prepare_save(
      const std::string& agent, std::string id, std::string group, std::string shortcut,
      std::string text, std::size_t max_text_chars) const;
  bool owns(const std::string& agent, const std::string& id) const;

  /// After the store committed.
  void saved(store::quick_phrase_row row);
  void deleted(const std::string& agent, const std::string& id);

  /// Admin API: the shop's phrases are now `rows` (stored already); suggesters are rebuilt.
  void replace_shop_phrases(std::vector<store::quick_phrase_row> rows);
  /// Admin API: the FAQ changed; suggesters are rebuilt over the new one.
  void faq_changed();

  /// Suggested replies over the shop's FAQ and the agent's phrases (shop's and own).
  std::shared_ptr<const assist::reply_suggester> suggester_for(const std::string& agent) const;

 private:
  const shop_config& shop_;
  std::function<std::shared_ptr<const assist::faq_matcher>()> faq_;
  mutable std::mutex mutex_;
  std::vector<store::quick_phrase_row> shop_phrases_;
  std::map<std::string, std::vector<store::quick_phrase_row>> own_;
  mutable std::map<std::string, std::shared_ptr<const assist::reply_suggester>> suggesters_;
  mutable std::uint64_t next_id_ = 0;
  std::uint64_t version_ = 0;  // bumped by every change: a suggester built before is stale
};

}  // namespace fenliu::gateway
