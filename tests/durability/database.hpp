#pragma once
// Reads the store's SQLite file directly (read-only), so the tests check what is on disk rather
// than what the server says about it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace fenliu::durability {

struct stored_row {
  std::uint64_t seq = 0;
  std::string sender_id;
  std::string client_msg_id;
  std::string payload;  // serialized fenliu.v1.MessageContent
  std::string text;     // content.text, parsed from payload
  bool operator==(const stored_row&) const = default;
};

struct stored_conversation {
  std::uint64_t id = 0;
  std::string customer_id;
  std::string agent_id;
  int state = 0;
  std::uint64_t last_seq = 0;
  std::vector<stored_row> messages;  // by seq
  bool operator==(const stored_conversation&) const = default;
};

/// Every conversation and its messages. Throws std::runtime_error when the file cannot be read.
std::map<std::uint64_t, stored_conversation> read_database(const std::filesystem::path& db);

/// The first column of the first row of `sql` as text (e.g. PRAGMA integrity_check).
std::string query_text(const std::filesystem::path& db, const std::string& sql);

/// Runs one SQL statement (tests that age messages or inspect pragmas). Throws on error.
void execute_sql(const std::filesystem::path& db, const std::string& sql);

}  // namespace fenliu::durability
