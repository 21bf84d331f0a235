#pragma once
// Thin RAII over libpq for the PostgreSQL back end: one connection per store thread, statements
// prepared on first use, every parameter and result in binary. Internal to the store.
//
// Every caller string is sent and read as bytea, byte for byte: PostgreSQL's text type refuses
// NUL bytes and invalid UTF-8, which the store keeps verbatim (as SQLite does). Integers are
// int8. So the schema (pg_schema.cpp) has only BIGINT and BYTEA columns.

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace fenliu::store::pg {

/// Thrown only at start-up (connect, schema) and by blocking start-up reads.
struct pg_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A statement with a name unique in the back end: prepared on a connection the first time it
/// runs there, with the parameter types of that first run.
struct query {
  const char* name;
  const char* sql;
};

/// The parameters of one run: $1, $2, ... in the order added. Strings are not copied: they must
/// outlive the run.
class params {
 public:
  params& i64(std::int64_t value);
  /// Sent as bytea.
  params& bytes(std::string_view value);
  /// A NULL whose type the server infers from the statement.
  params& null();

  int size() const noexcept { return static_cast<int>(values_.size()); }
  const char* const* values() const noexcept { return values_.data(); }
  const int* lengths() const noexcept { return lengths_.data(); }
  const int* formats() const noexcept { return formats_.data(); }
  const Oid* types() const noexcept { return types_.data(); }

 private:
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<Oid> types_;
  std::deque<std::uint64_t> ints_;  // big-endian int8 values; a deque keeps their addresses
};

/// The outcome of one statement: rows in binary format, or an error.
class result {
 public:
  result() = default;
  explicit result(PGresult* r) : r_(r) {}
  bool ok() const noexcept;
  /// The SQLSTATE of a failed statement ("23505": unique violation), empty when ok or when the
  /// connection failed before the server answered.
  std::string sqlstate() const;
  std::string error() const;
  int rows() const noexcept { return r_ ? PQntuples(r_.get()) : 0; }
  /// Rows changed by an INSERT / UPDATE / DELETE.
  std::int64_t affected() const;

  /// int8, int4, int2 or bool columns; NULL reads as 0.
  std::int64_t i64(int row, int column) const;
  /// bytea or text columns, byte for byte; NULL reads as empty.
  std::string bytes(int row, int column) const;
  bool is_null(int row, int column) const;

 private:
  struct clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  std::unique_ptr<PGresult, clear> r_;
};

/// One connection, used by one thread at a time.
class connection {
 public:
  /// Connects to `dsn` (a libpq conninfo string or URI) and sets the search path to `schema`
  /// (created first when `create_schema`). Throws pg_error.
  connection(std::string dsn, std::string schema, bool create_schema = false);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Runs SQL without parameters (one or more statements). Throws pg_error (start-up only).
  void exec_or_throw(const std::string& sql);
  /// Runs SQL without parameters (BEGIN, COMMIT, ROLLBACK); false on any error.
  bool exec(const char* sql);
  /// Runs `q` with `p`, preparing it first on this connection if needed. Drains a pipeline
  /// first (see send()).
  result run(const query& q, const params& p);
  result run(const query& q) { return run(q, params{}); }

  /// Where a pipelined statement's result goes: `target` is what send() was given.
  using result_sink = void (*)(void* target, result r);
  /// Pipelines `q` (libpq pipeline mode): sent without waiting for the answer, which goes to
  /// `sink` when the pipeline drains, in send order: at drain(), before any run() or exec(),
  /// and every `pipeline_depth` sends (so that neither side's socket buffer fills while the
  /// other waits). The parameters are copied into libpq's buffer before it returns.
  void send(const query& q, const params& p, result_sink sink, void* target);
  /// Delivers every pending result and leaves pipeline mode. False when any pipelined statement
  /// since the last clear_pipeline_failure() failed (the transaction is then aborted).
  bool drain();
  bool pipeline_failed() const noexcept { return pipeline_failed_; }
  void clear_pipeline_failure() noexcept { pipeline_failed_ = false; }
  static constexpr std::size_t pipeline_depth = 256;

  /// The connection is up (not CONNECTION_BAD).
  bool healthy() const noexcept;
  /// Re-establishes a lost connection (forgets prepared statements, sets the search path
  /// again); false when the server is still unreachable. Never throws.
  bool reconnect() noexcept;
  /// Inside a transaction block (also an aborted one).
  bool in_transaction() const noexcept;
  std::string last_error() const;
  PGconn* get() const noexcept { return conn_; }

 private:
  void set_search_path();

  std::string dsn_;
  std::string schema_;
  PGconn* conn_ = nullptr;
  std::unordered_set<std::string> prepared_;
  struct pending {
    result_sink sink;
    void* target;
  };
  std::vector<pending> pending_;  // pipelined, answers not read yet
  bool pipelined_ = false;
  bool pipeline_failed_ = false;
};

/// `name` quoted as an SQL identifier (for the schema name, which cannot be a parameter).
std::string quote_identifier(std::string_view name);

}  // namespace fenliu::store::pg
