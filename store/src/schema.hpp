#pragma once
// Versioned schema: PRAGMA user_version holds the version; migrations run at open.

#include "sqlite.hpp"

namespace fenliu::store::detail {

/// The schema version this build writes.
inline constexpr int current_schema_version = 12;

/// Brings the database to current_schema_version, one migration step per transaction (a
/// failed step leaves the previous version intact). Throws sqlite_error, or std::runtime_error
/// for a database written by a newer build. Start-up only, on the writer connection.
void migrate(connection& db);

}  // namespace fenliu::store::detail
