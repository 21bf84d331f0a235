#pragma once
// Helpers shared by the reader's queries and the rare operations that prepare their statements
// per call.

#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "sqlite.hpp"

namespace fenliu::store::detail {

/// A statement prepared per call, for rare operations: nullopt when it cannot be prepared
/// (which cannot happen once migrated; the caller fails its read or write).
inline std::optional<statement> prepare(connection& db, std::string_view sql) {
  try {
    return statement(db, sql);
  } catch (const sqlite_error&) {
    return std::nullopt;
  }
}

/// A database error on the read path (the store has no dedicated errc for it).
inline std::error_code read_failed() {
  return std::make_error_code(std::errc::io_error);
}

/// Steps `s` to the end, appending `row(s)` for every result row.
template <class Row, class Fn>
std::error_code collect(statement& s, std::vector<Row>& out, Fn row) {
  for (;;) {
    const int rc = s.step();
    if (rc == SQLITE_DONE) {
      return {};
    }
    if (rc != SQLITE_ROW) {
      return read_failed();
    }
    out.push_back(row(s));
  }
}

/// A LIMIT value: SQLite takes a signed 64-bit integer; 0 from a caller means "none".
inline std::int64_t limit_value(std::size_t limit) {
  return limit == 0 || limit > static_cast<std::size_t>(INT64_MAX)
             ? INT64_MAX
             : static_cast<std::int64_t>(limit);
}

}  // namespace fenliu::store::detail
