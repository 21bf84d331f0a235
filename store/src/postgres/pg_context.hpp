#pragma once
// What an operation of the PostgreSQL back end may use, on the writer or the reader thread.
//
// A statement that fails aborts the whole transaction in PostgreSQL (SQLite fails just the
// statement). So an operation finds every outcome that belongs to it alone (unknown id, id
// taken, nothing to change) without an error: ON CONFLICT DO NOTHING, RETURNING, a row count,
// or a SELECT first. Any failed statement means errc::write_failed, and the batch rolls back.

#include <cstdint>
#include <functional>
#include <system_error>

#include "fenliu/store/error.hpp"
#include "fenliu/store/rows.hpp"
#include "pg.hpp"

namespace fenliu::store::pg {

/// On the writer thread, inside the batch transaction.
struct write_context {
  connection& db;
  std::function<time_ms()> clock;
};

/// On the reader thread, inside one read transaction (one snapshot) per read.
struct read_context {
  connection& db;
  std::function<time_ms()> clock;
  std::int64_t retention_ms = 0;
};

inline std::error_code write_failed() {
  return make_error_code(errc::write_failed);
}
inline std::error_code read_failed() {
  return std::make_error_code(std::errc::io_error);
}

}  // namespace fenliu::store::pg
