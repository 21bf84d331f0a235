#include "database.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::durability {
namespace {

struct db_closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct stmt_closer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using db_ptr = std::unique_ptr<sqlite3, db_closer>;
using stmt_ptr = std::unique_ptr<sqlite3_stmt, stmt_closer>;

db_ptr open(const std::filesystem::path& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_ptr db(raw);
  if (rc != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path.string() + ": " + sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

stmt_ptr prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("prepare failed: ") + sqlite3_errmsg(db));
  }
  return stmt_ptr(raw);
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_blob(s, i);
  const int n = sqlite3_column_bytes(s, i);
  return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}

}  // namespace

std::map<std::uint64_t, stored_conversation> read_database(const std::filesystem::path& path) {
  // Read-write open so a WAL left by a killed server is recovered rather than refused.
  auto db = open(path, SQLITE_OPEN_READWRITE);
  std::map<std::uint64_t, stored_conversation> out;
  auto convs = prepare(db.get(),
                       "SELECT id, customer_id, agent_id, state, last_seq FROM conversations");
  while (sqlite3_step(convs.get()) == SQLITE_ROW) {
    stored_conversation c;
    c.id = static_cast<std::uint64_t>(sqlite3_column_int64(convs.get(), 0));
    c.customer_id = column_text(convs.get(), 1);
    c.agent_id = column_text(convs.get(), 2);
    c.state = sqlite3_column_int(convs.get(), 3);
    c.last_seq = static_cast<std::uint64_t>(sqlite3_column_int64(convs.get(), 4));
    out[c.id] = std::move(c);
  }
  auto msgs = prepare(db.get(),
                      "SELECT conversation_id, seq, sender_id, client_msg_id, payload "
                      "FROM messages "
                      "ORDER BY conversation_id, seq");
  while (sqlite3_step(msgs.get()) == SQLITE_ROW) {
    const auto conv = static_cast<std::uint64_t>(sqlite3_column_int64(msgs.get(), 0));
    stored_row row;
    row.seq = static_cast<std::uint64_t>(sqlite3_column_int64(msgs.get(), 1));
    row.sender_id = column_text(msgs.get(), 2);
    row.client_msg_id = column_text(msgs.get(), 3);
    row.payload = column_text(msgs.get(), 4);
    v1::MessageContent content;
    if (content.ParseFromString(row.payload)) {
      row.text = content.text();
    }
    out[conv].messages.push_back(std::move(row));
  }
  return out;
}

std::string query_text(const std::filesystem::path& path, const std::string& sql) {
  auto db = open(path, SQLITE_OPEN_READONLY);
  auto s = prepare(db.get(), sql.c_str());
  return sqlite3_step(s.get()) == SQLITE_ROW ? column_text(s.get(), 0) : std::string();
}

void execute_sql(const std::filesystem::path& path, const std::string& sql) {
  auto db = open(path, SQLITE_OPEN_READWRITE);
  char* error = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string what = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("sql failed: " + what);
  }
}

}  // namespace fenliu::durability
