#include "sqlite.hpp"

#include <fmt/format.h>

#include <utility>

namespace fenliu::store::detail {

connection::connection(const std::string& path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw sqlite_error(rc, fmt::format("store: cannot open {}: {}", path, msg));
  }
  sqlite3_extended_result_codes(db_, 1);
}

connection::~connection() {
  // Statements are owned by the classes that prepared them and are finalized before this;
  // close_v2 would defer the close otherwise instead of leaking.
  sqlite3_close_v2(db_);
}

void connection::exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw sqlite_error(rc, fmt::format("store: {} (in: {:.60})", msg, sql));
  }
}

std::int64_t connection::query_int(const std::string& sql) {
  statement s(*this, sql);
  const int rc = s.step();
  if (rc != SQLITE_ROW) {
    throw sqlite_error(rc, fmt::format("store: {} (in: {})", last_error(), sql));
  }
  return s.column_int(0);
}

std::string connection::last_error() const {
  return sqlite3_errmsg(db_);
}

statement::statement(connection& db, std::string_view sql) {
  const int rc = sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    throw sqlite_error(rc, fmt::format("store: prepare failed: {} (in: {})", db.last_error(), sql));
  }
}

statement::~statement() {
  sqlite3_finalize(stmt_);
}

statement::statement(statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

namespace {
// An empty value must still bind as '' (not NULL): data() of an empty view may be null.
const char* non_null(std::string_view value) {
  static const char empty = 0;
  return value.data() != nullptr ? value.data() : &empty;
}
}  // namespace

void statement::bind_text(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, non_null(value), value.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void statement::bind_blob(int index, std::string_view value) {
  sqlite3_bind_blob64(stmt_, index, non_null(value), value.size(), SQLITE_STATIC);
}

int statement::step() {
  return sqlite3_step(stmt_);
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::column_int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string statement::column_text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p != nullptr ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

std::string statement::column_blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p != nullptr ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

bool statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

}  // namespace fenliu::store::detail
