#pragma once
// Thin RAII over the SQLite C API: one connection, prepared statements. Internal to the store.

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fenliu::store::detail {

/// Thrown only at start-up (open, migrations, preparing statements).
struct sqlite_error : std::runtime_error {
  sqlite_error(int code, const std::string& what) : std::runtime_error(what), rc(code) {}
  int rc;
};

/// One SQLite connection, used by exactly one thread.
class connection {
 public:
  /// Opens (creating if needed) `path`. Throws sqlite_error.
  explicit connection(const std::string& path);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  sqlite3* get() const noexcept { return db_; }
  /// Runs one or more statements without results. Throws sqlite_error (start-up only).
  void exec(const std::string& sql);
  /// Runs a statement that returns one integer (a PRAGMA). Throws sqlite_error.
  std::int64_t query_int(const std::string& sql);
  std::string last_error() const;

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Bind indexes start at 1, columns at 0. Text and blobs are bound with
/// their length, so embedded NUL bytes and any UTF-8 are kept verbatim. Bound text and blobs are
/// not copied: they must outlive the step (statement_scope clears them on leaving).
class statement {
 public:
  statement() = default;
  /// Prepares `sql` as a persistent statement. Throws sqlite_error.
  statement(connection& db, std::string_view sql);
  ~statement();
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;

  void bind(int index, std::int64_t value);
  void bind_text(int index, std::string_view value);
  void bind_blob(int index, std::string_view value);
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  /// Resets and clears bindings, releasing any read snapshot the statement held.
  void reset();

  std::int64_t column_int(int column) const;
  std::string column_text(int column) const;
  std::string column_blob(int column) const;
  bool column_is_null(int column) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

/// Resets a statement when leaving scope, so an early return never leaves it mid-step.
class statement_scope {
 public:
  explicit statement_scope(statement& s) : stmt_(s) { stmt_.reset(); }
  ~statement_scope() { stmt_.reset(); }
  statement_scope(const statement_scope&) = delete;
  statement_scope& operator=(const statement_scope&) = delete;
  statement* operator->() { return &stmt_; }
  statement& get() { return stmt_; }

 private:
  statement& stmt_;
};

}  // namespace fenliu::store::detail
