#pragma once
// Thin RAII over libpq for the PostgreSQL back end: one connection per store thread, statements
// prepared on first use, every parameter and result in binary. Internal to the store.
//
// libpq runs in its asynchronous (non-blocking) mode: statements are sent with PQsend*, and
// whenever libpq would wait for the server, the thread waits on PQsocket through Asio
// (socket_wait, pg_socket_wait.cpp) with a deadline. So a server that stops answering (paused,
// a half-open network) costs a store thread at most `timeout`, after which the statement fails
// like a lost connection (retryable: STORE_UNAVAILABLE) and the next batch connects again,
// instead of a writer blocked forever with every write of the node queued behind it.
//
// Every caller string is sent and read as bytea, byte for byte: PostgreSQL's text type refuses
// NUL bytes and invalid UTF-8, which the store keeps verbatim (as SQLite does). Integers are
// int8. So the schema (pg_schema.cpp) has only BIGINT and BYTEA columns.

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
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

class socket_wait;

/// One connection, used by one thread at a time.
class connection {
 public:
  static constexpr std::chrono::milliseconds default_timeout{5000};
  /// Connects to `dsn` (a libpq conninfo string or URI) and sets the search path to `schema`
  /// (created first when `create_schema`). Throws pg_error. `timeout` bounds every wait for
  /// the server (a connect, a statement, a pipeline's answers); start-up migrations
  /// (exec_or_throw) wait as long as they take.
  connection(std::string dsn, std::string schema, bool create_schema = false,
             std::chrono::milliseconds timeout = default_timeout);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Runs SQL without parameters (one or more statements). Throws pg_error (start-up only).
  void exec_or_throw(const std::string& sql);
  /// Runs SQL without parameters (BEGIN, COMMIT, ROLLBACK); false on any error. Drains a
  /// pipeline first.
  bool exec(const char* sql);
  /// Runs `q` with `p`, preparing it first on this connection if needed, and waits for its
  /// result. Inside a pipeline it joins the pipeline (the results before it go to their sinks
  /// first) and the pipeline stays open.
  result run(const query& q, const params& p);
  result run(const query& q) { return run(q, params{}); }

  /// Where a pipelined statement's result goes: `target` is what send() was given.
  using result_sink = void (*)(void* target, result r);
  /// Pipelines `q` (libpq pipeline mode): sent without waiting for the answer, which goes to
  /// `sink` when the pipeline drains, in send order: at drain(), before any run() or exec(),
  /// and every `pipeline_depth` sends (so that neither side's socket buffer fills while the
  /// other waits). The parameters are copied into libpq's buffer before it returns.
  void send(const query& q, const params& p, result_sink sink, void* target);
  /// Pipelines a statement without parameters (BEGIN, COMMIT); a failure only marks the
  /// pipeline failed.
  void send_command(const char* sql);
  /// Delivers every pending result and leaves pipeline mode. False when any pipelined statement
  /// since the last clear_pipeline_failure() failed (the transaction is then aborted).
  bool drain();
  bool pipeline_failed() const noexcept { return pipeline_failed_; }
  void clear_pipeline_failure() noexcept { pipeline_failed_ = false; }
  static constexpr std::size_t pipeline_depth = 256;

  /// The connection is up: not CONNECTION_BAD, and no wait for the server timed out.
  bool healthy() const noexcept;
  /// Opens a new connection in place of a lost one (forgets prepared statements, sets the
  /// search path again); false when the server is still unreachable. Never throws.
  bool reconnect() noexcept;
  /// Inside a transaction block (also an aborted one).
  bool in_transaction() const noexcept;
  /// ROLLBACK of a transaction left open (a failed or aborted batch or read); nothing when none
  /// is open or the connection is gone.
  void rollback_open_transaction();
  std::string last_error() const;
  PGconn* get() const noexcept { return conn_; }

 private:
  using clock = std::chrono::steady_clock;
  clock::time_point deadline() const { return clock::now() + timeout_; }
  void set_search_path();
  void exec_or_throw(const std::string& sql, clock::time_point until);
  /// Polls an asynchronous connect or reset (PQconnectPoll / PQresetPoll) to the end.
  bool finish_connect(PostgresPollingStatusType (*poll)(PGconn*), clock::time_point until);
  /// Sends what libpq buffered; false (and the connection lost) on an error or the deadline.
  bool flush(clock::time_point until);
  /// The next result (null between statements, as PQgetResult); waits for the server while
  /// libpq is busy. Sets `lost` on an error or the deadline.
  PGresult* next_result(clock::time_point until, bool& lost);
  /// One statement's result, its trailing results read up to the null that ends them; an
  /// empty (failed) result with `lost` set when the connection was lost.
  result statement_result(clock::time_point until, bool& lost);
  /// Runs SQL without parameters (simple protocol, several statements allowed); the first
  /// failure's message, or nullopt.
  std::optional<std::string> simple_query(const char* sql, clock::time_point until);
  /// Enters pipeline mode unless in it (or lost); false when libpq refuses.
  bool enter_pipeline();
  /// Sends `q` (preparing it first when new on this connection), in or out of a pipeline.
  bool send_prepared(const query& q, const params& p, clock::time_point until);
  /// Reads the answers of `pending_` up to and including the first `count`.
  void deliver_pending(std::size_t count, clock::time_point until);
  /// Gives up on the connection (a wait timed out or the socket failed): every answer still
  /// owed is lost, so only a new connection is in a known state.
  void lose();

  std::string dsn_;
  std::string schema_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<socket_wait> wait_;
  PGconn* conn_ = nullptr;  // null after lose(), until reconnect()
  bool lost_ = false;
  std::string lost_why_;
  std::unordered_set<std::string> prepared_;
  struct pending {
    result_sink sink;  // null: a statement of our own (a prepare, BEGIN), only its status counts
    void* target;
    const char* prepares = nullptr;  // a pipelined prepare: forgotten again unless it succeeds
  };
  std::vector<pending> pending_;  // pipelined, answers not read yet
  bool pipelined_ = false;
  bool pipeline_failed_ = false;
};

/// `name` quoted as an SQL identifier (for the schema name, which cannot be a parameter).
std::string quote_identifier(std::string_view name);

}  // namespace fenliu::store::pg
