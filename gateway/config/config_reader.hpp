#pragma once
// Typed, strict access to one TOML table for the configuration loader. Every read names the
// full key path in its error, and `finish()` refuses keys nobody read, so a typo such as
// `max_mesage_bytes` stops the start-up instead of silently keeping a default.

#include <toml++/toml.h>

#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fenliu/router/types.hpp"

namespace fenliu::gateway::detail {

/// Throws std::runtime_error "config: <path> (line N): <message>".
[[noreturn]] void config_fail(std::string_view path, const toml::node* where,
                              std::string_view message);

class table_reader {
 public:
  table_reader(const toml::table& table, std::string path);

  /// "limits.port" for key "port" when this table is "limits"; the bare key at top level.
  std::string path_of(std::string_view key) const;

  /// The node under `key`, marked as known; nullptr when absent.
  const toml::node* take(std::string_view key);
  /// Marks a key as known without reading it (handled elsewhere or ignored on purpose).
  void accept(std::string_view key) { known_.emplace(key); }

  // Each reader leaves `out` untouched when the key is absent (so config.hpp defaults stay)
  // and throws when the value has the wrong type or lies outside [min, max].
  void read(std::string_view key, std::string& out);
  void read_non_empty(std::string_view key, std::string& out);
  void read(std::string_view key, bool& out);
  void read(std::string_view key, double& out, double min, double max);
  void read(std::string_view key, std::vector<std::string>& out);
  void read_int(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);

  template <typename Int>
  void read(std::string_view key, Int& out, std::int64_t min,
            std::int64_t max = static_cast<std::int64_t>(std::numeric_limits<Int>::max())) {
    std::int64_t v = static_cast<std::int64_t>(out);
    read_int(key, v, min, max);
    out = static_cast<Int>(v);
  }

  /// A sub-table, or nullptr when absent; throws when the key holds something else.
  const toml::table* table(std::string_view key);
  /// An array, or nullptr when absent; throws when the key holds something else.
  const toml::array* array(std::string_view key);
  /// An array whose elements must all be tables ([[name]] blocks).
  const toml::array* array_of_tables(std::string_view key);

  /// Throws for the first key that no read, take or accept has claimed.
  void finish() const;

  const toml::table& raw() const noexcept { return table_; }

 private:
  const toml::table& table_;
  std::string path_;
  std::set<std::string, std::less<>> known_;
};

/// "pre_sales" | "in_sale" | "after_sales"; throws naming `path` otherwise.
router::stage parse_stage(const toml::node& node, std::string_view path);
std::vector<router::stage> parse_stage_list(const toml::array& list, std::string_view path);

/// A "YYYY-MM-DD" string (or a TOML local date) checked for a real calendar day.
std::string parse_date(const toml::node& node, std::string_view path);
bool is_valid_date(std::string_view text) noexcept;

/// "HH:MM-HH:MM" with 00:00 <= start, end <= 24:00, start != end. `end_minute` may be smaller
/// than `start_minute` for a shift that crosses midnight; callers decide what to do with it.
router::shift_interval parse_shift(const toml::node& node, std::string_view path);

/// "+08:00", "-05:30", "Z" or "+00:00" -> minutes east of UTC, within -12:00..+14:00.
int parse_utc_offset(const toml::node& node, std::string_view path);

/// Sorts and merges overlapping or touching intervals of one day.
void normalise_day(std::vector<router::shift_interval>& day);

}  // namespace fenliu::gateway::detail
