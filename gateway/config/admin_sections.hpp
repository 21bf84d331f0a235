#pragma once
// The admin-able sections of a shop's configuration (issue #11, part "admin"): each one's
// name in the admin API, where it sits in the config file, its value in the file's TOML form
// as JSON, and how a validated copy is taken over. Validation is the config file's: a change
// is converted to TOML and parsed by the same section parsers, so the same keys are refused
// with the same messages.

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/config/config.hpp"

namespace fenliu::gateway {

/// One admin-able section. To add one: a row in admin_sections() (admin_sections.cpp).
struct admin_section {
  std::string_view name;     // in the API: /api/admin/<name>
  std::string_view key;      // in the config file: "agents", "shop.vip_customers", ...
  std::string_view item_id;  // list sections: the items' id key ("": by value or position)
  bool list = true;          // a JSON array (items can be added, changed, removed)
  /// The section of `shop` in the config's TOML form, as JSON text.
  std::string (*to_json)(const shop_config& shop) = nullptr;
  /// Copies what the section's parser sets from a validated parse `from` into `to`.
  void (*take_over)(const shop_config& from, shop_config& to) = nullptr;
};

/// Every admin-able section, in API order.
const std::vector<admin_section>& admin_sections();
/// nullptr for an unknown name.
const admin_section* find_admin_section(std::string_view name);

/// The section's current value in the config's TOML form, as JSON text.
std::string admin_section_json(const shop_config& shop, const admin_section& section);

/// A refused change: `field` is the config key the parsers named ("agents[2].capacity").
struct admin_invalid : std::runtime_error {
  admin_invalid(std::string field_, std::string detail_)
      : std::runtime_error(detail_), field(std::move(field_)), detail(std::move(detail_)) {}
  std::string field;
  std::string detail;
};

/// Parses `config.source_toml` (empty: nothing) with the named sections replaced by the given
/// JSON texts (every other admin section as `config.shop` holds it now), through the config
/// parsers, and returns config.shop with every admin section taken over from the result.
/// Throws admin_invalid naming the key on any refusal (a JSON text that is not JSON included).
shop_config apply_admin_sections(const server_config& config,
                                 const std::map<std::string, std::string>& sections);

}  // namespace fenliu::gateway
