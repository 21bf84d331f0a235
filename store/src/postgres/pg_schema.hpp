#pragma once
// The PostgreSQL schema and its migrations (pg_schema.cpp).

#include "pg.hpp"

namespace fenliu::store::pg {

/// Steps of the PostgreSQL schema, numbered on their own (not SQLite's user_version).
inline constexpr int current_schema_version = 2;

/// Applies the missing steps in one transaction, under an advisory lock so that nodes
/// starting together migrate once. Throws pg_error, also for a schema newer than this build.
void migrate(connection& db);

}  // namespace fenliu::store::pg
