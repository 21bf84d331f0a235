#pragma once
// The admin API's state (issue #11, part "admin"): the admin-able sections of the shop's
// configuration as JSON texts (the store's admin_sections rows), their validation through the
// config parsers, and the hot reload of a committed change into the router, the bot, the
// phrase book, the customer records and the reloadable snapshot. Thread-safe.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <system_error>

#include "gateway/app/services.hpp"
#include "gateway/config/admin_sections.hpp"

namespace fenliu::gateway {

/// The store's admin sections over the config's, for the server's start (blocking): with none
/// stored the config stays as it is (admin_desk::start seeds the store from it); else the
/// stored sections replace the config's. Throws std::runtime_error when they are unreadable or
/// no longer valid with the rest of the file.
server_config with_stored_admin_sections(server_config config, store::records& store);

class admin_desk {
 public:
  explicit admin_desk(services& svc) : svc_(svc) {}

  /// Start-up, blocking, after the other seeds: reads the stored sections; the ones not stored
  /// yet are stored from the config (one audit row, actor "config", action "seed"; a failed
  /// write is logged and retried at the next start). Throws when the store cannot be read.
  void start();

  /// The current JSON text of every section, by name.
  std::map<std::string, std::string> sections() const;

  /// A change: `edit` gets the current sections and returns the sections to replace (name ->
  /// JSON text) and the audit row's target and detail, or throws admin_invalid. The whole
  /// resulting configuration is validated (admin_invalid names the key), then the sections and
  /// the audit row are written in one store transaction; after the commit (on the store's
  /// thread, in commit order) they become current and are applied. `done` gets the store's
  /// outcome and the audit id. Returns the store's refusal (then nothing happened).
  struct edit_result {
    std::map<std::string, std::string> replace;
    std::string action;
    std::string target;
    std::string detail_json;
  };
  std::error_code change(const std::string& actor,
                         const std::function<edit_result(const std::map<std::string, std::string>&)>&
                             edit,
                         store::callback<std::uint64_t> done);

 private:
  /// `applied` runs once everything is in place (the VIP rows are stored).
  void apply(const shop_config& before, const shop_config& after,
             const std::map<std::string, std::string>& changed, std::function<void()> applied);

  services& svc_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> sections_;  // accepted (committed or committing)
};

}  // namespace fenliu::gateway
