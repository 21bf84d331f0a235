#include "pg.hpp"

#include "pg_socket_wait.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <utility>

namespace fenliu::store::pg {
namespace {

// Type oids of pg_type.h (a server header, not shipped with libpq-dev).
constexpr Oid bool_oid = 16;
constexpr Oid bytea_oid = 17;
constexpr Oid int8_oid = 20;
constexpr Oid int2_oid = 21;
constexpr Oid int4_oid = 23;

std::uint64_t to_big_endian(std::uint64_t v) {
  return (static_cast<std::uint64_t>(htonl(static_cast<std::uint32_t>(v))) << 32) |
         htonl(static_cast<std::uint32_t>(v >> 32));
}

std::int64_t read_big_endian(const char* p, int length) {
  std::uint64_t v = 0;
  for (int i = 0; i < length; ++i) {
    v = (v << 8) | static_cast<unsigned char>(p[i]);
  }
  // Sign-extend the shorter integer types.
  if (length < 8 && length > 0 && (static_cast<unsigned char>(p[0]) & 0x80) != 0) {
    v |= ~std::uint64_t{0} << (8 * length);
  }
  return static_cast<std::int64_t>(v);
}

}  // namespace

params& params::i64(std::int64_t value) {
  ints_.push_back(to_big_endian(static_cast<std::uint64_t>(value)));
  values_.push_back(reinterpret_cast<const char*>(&ints_.back()));
  lengths_.push_back(8);
  formats_.push_back(1);
  types_.push_back(int8_oid);
  return *this;
}

params& params::bytes(std::string_view value) {
  // A non-null pointer even for an empty string: a null one would send NULL.
  values_.push_back(value.empty() ? "" : value.data());
  lengths_.push_back(static_cast<int>(value.size()));
  formats_.push_back(1);
  types_.push_back(bytea_oid);
  return *this;
}

params& params::null() {
  values_.push_back(nullptr);
  lengths_.push_back(0);
  formats_.push_back(1);
  types_.push_back(0);
  return *this;
}

bool result::ok() const noexcept {
  if (!r_) {
    return false;
  }
  const auto status = PQresultStatus(r_.get());
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string result::sqlstate() const {
  if (!r_) {
    return {};
  }
  const char* s = PQresultErrorField(r_.get(), PG_DIAG_SQLSTATE);
  return s ? s : "";
}

std::string result::error() const {
  if (!r_) {
    return "no result (connection lost)";
  }
  return PQresultErrorMessage(r_.get());
}

std::int64_t result::affected() const {
  if (!r_) {
    return 0;
  }
  const char* n = PQcmdTuples(r_.get());
  return (n && *n) ? std::stoll(n) : 0;
}

std::int64_t result::i64(int row, int column) const {
  if (!r_ || PQgetisnull(r_.get(), row, column)) {
    return 0;
  }
  const char* p = PQgetvalue(r_.get(), row, column);
  const int length = PQgetlength(r_.get(), row, column);
  const Oid type = PQftype(r_.get(), column);
  if (type == int8_oid || type == int4_oid || type == int2_oid || type == bool_oid) {
    return read_big_endian(p, length);
  }
  throw pg_error("store: column " + std::to_string(column) + " is not an integer (type oid " +
                 std::to_string(type) + ")");
}

std::string result::bytes(int row, int column) const {
  if (!r_ || PQgetisnull(r_.get(), row, column)) {
    return {};
  }
  return std::string(PQgetvalue(r_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(r_.get(), row, column)));
}

bool result::is_null(int row, int column) const {
  return !r_ || PQgetisnull(r_.get(), row, column) != 0;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char ch : name) {
    if (ch == '"') {
      out += '"';
    }
    out += ch;
  }
  out += '"';
  return out;
}

connection::connection(std::string dsn, std::string schema, bool create_schema,
                       std::chrono::milliseconds timeout)
    : dsn_(std::move(dsn)),
      schema_(std::move(schema)),
      timeout_(timeout),
      wait_(std::make_unique<socket_wait>()) {
  conn_ = PQconnectStart(dsn_.c_str());
  if (conn_ == nullptr) {
    throw pg_error("store: cannot connect to PostgreSQL: out of memory");
  }
  if (!finish_connect(PQconnectPoll, deadline())) {
    std::string why = last_error();
    PQfinish(conn_);
    conn_ = nullptr;
    throw pg_error("store: cannot connect to PostgreSQL: " + why);
  }
  if (create_schema) {
    exec_or_throw("SET client_min_messages = warning; CREATE SCHEMA IF NOT EXISTS " +
                  quote_identifier(schema_));
  }
  set_search_path();
}

connection::~connection() {
  if (conn_ != nullptr) {
    PQfinish(conn_);
  }
}

bool connection::finish_connect(PostgresPollingStatusType (*poll)(PGconn*),
                                clock::time_point until) {
  if (PQstatus(conn_) == CONNECTION_BAD) {
    return false;
  }
  // libpq's loop for an asynchronous connect: wait for what the last poll asked, poll again.
  // The socket may change between polls (one address after another), so each wait takes it anew.
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  for (;;) {
    if (state == PGRES_POLLING_OK) {
      break;
    }
    if (state == PGRES_POLLING_FAILED) {
      return false;
    }
    const bool read = state == PGRES_POLLING_READING;
    if (wait_->wait(PQsocket(conn_), read, !read, until) != socket_wait::outcome::ready) {
      return false;
    }
    state = poll(conn_);
  }
  if (PQsetnonblocking(conn_, 1) != 0) {
    return false;
  }
  lost_ = false;
  return true;
}

void connection::set_search_path() {
  // Quiet: no NOTICE lines on stderr for IF NOT EXISTS. The application name says in
  // pg_stat_activity which store a connection serves.
  char* name = PQescapeLiteral(conn_, ("fenliu:" + schema_).c_str(), schema_.size() + 7);
  if (name == nullptr) {
    throw pg_error("store: " + last_error());
  }
  const std::string quoted = name;
  PQfreemem(name);
  // Bounded: it also runs on every reconnect, on a store thread.
  exec_or_throw("SET client_min_messages = warning; SET search_path TO " +
                    quote_identifier(schema_) + "; SET application_name TO " + quoted,
                deadline());
}

void connection::lose() {
  // Closed at once: the server ends the session (and rolls back whatever it ran of it) as soon
  // as it reads again, instead of an abandoned backend holding locks or a snapshot. The
  // answers still owed are never read: deliver_pending() hands their sinks empty (failed)
  // results, and drain() leaves the pipeline.
  if (conn_ != nullptr) {
    lost_why_ = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
  }
  lost_ = true;
  pipeline_failed_ = true;
}

bool connection::flush(clock::time_point until) {
  for (;;) {
    const int left = PQflush(conn_);
    if (left == 0) {
      return true;
    }
    if (left < 0) {
      lose();
      return false;
    }
    // The server may be waiting for us to read before it reads more: take its answers in
    // while the output drains, or both sides' buffers fill.
    if (wait_->wait(PQsocket(conn_), true, true, until) != socket_wait::outcome::ready ||
        PQconsumeInput(conn_) != 1) {
      lose();
      return false;
    }
  }
}

PGresult* connection::next_result(clock::time_point until, bool& lost) {
  if (lost_ || !flush(until)) {
    lost = true;
    return nullptr;
  }
  while (PQisBusy(conn_) != 0) {
    if (wait_->wait(PQsocket(conn_), true, false, until) != socket_wait::outcome::ready ||
        PQconsumeInput(conn_) != 1) {
      lose();
      lost = true;
      return nullptr;
    }
  }
  return PQgetResult(conn_);
}

void connection::skip_to_end(clock::time_point until, bool& lost) {
  while (PGresult* extra = next_result(until, lost)) {
    PQclear(extra);
  }
}

void connection::exec_or_throw(const std::string& sql) {
  // Start-up work (the schema, migrations): as long as it takes.
  exec_or_throw(sql, clock::time_point::max());
}

void connection::exec_or_throw(const std::string& sql, clock::time_point until) {
  drain();
  if (lost_ || PQsendQuery(conn_, sql.c_str()) != 1) {
    lose();
    throw pg_error("store: " + last_error());
  }
  bool lost = false;
  std::string failure;
  while (PGresult* r = next_result(until, lost)) {
    result one(r);
    if (!one.ok() && failure.empty()) {
      failure = one.error();
    }
  }
  if (lost) {
    throw pg_error("store: " + last_error());
  }
  if (!failure.empty()) {
    throw pg_error("store: " + failure);
  }
}

bool connection::exec(const char* sql) {
  drain();
  if (lost_ || PQsendQuery(conn_, sql) != 1) {
    return false;
  }
  const auto until = deadline();
  bool lost = false;
  bool ok = true;
  while (PGresult* r = next_result(until, lost)) {
    ok = result(r).ok() && ok;
  }
  return ok && !lost;
}

bool connection::send_prepared(const query& q, const params& p, clock::time_point until) {
  if (lost_) {
    return false;
  }
  if (prepared_.find(q.name) == prepared_.end()) {
    if (PQsendPrepare(conn_, q.name, q.sql, p.size(), p.types()) != 1) {
      return false;
    }
    if (pipelined_) {
      // Its answer comes in order with the others; a failure aborts what follows.
      pending_.push_back(pending{nullptr, nullptr, q.name});
    } else {
      bool lost = false;
      result prep(next_result(until, lost));
      if (!lost) {
        skip_to_end(until, lost);
      }
      if (lost || !prep.ok()) {
        return false;
      }
    }
    prepared_.insert(q.name);
  }
  return PQsendQueryPrepared(conn_, q.name, p.size(), p.values(), p.lengths(), p.formats(),
                             /*resultFormat=*/1) == 1;
}

void connection::send(const query& q, const params& p, result_sink sink, void* target) {
  if (!lost_ && !pipelined_) {
    if (PQenterPipelineMode(conn_) != 1) {
      pipeline_failed_ = true;
      sink(target, result{});
      return;
    }
    pipelined_ = true;
  }
  if (!send_prepared(q, p, deadline())) {
    pipeline_failed_ = true;
    sink(target, result{});
    return;
  }
  pending_.push_back(pending{sink, target});
  if (pending_.size() >= pipeline_depth) {
    // Take the answers so far without ending the transaction; libpq sends as it goes
    // (non-blocking), so neither side's buffer fills while the other waits.
    if (PQsendFlushRequest(conn_) != 1) {
      lose();
      return;
    }
    deliver_pending(pending_.size(), deadline());
  }
}

void connection::send_command(const char* sql) {
  if (!lost_ && !pipelined_) {
    if (PQenterPipelineMode(conn_) != 1) {
      pipeline_failed_ = true;
      return;
    }
    pipelined_ = true;
  }
  // PQsendQuery (the simple protocol) is not allowed in a pipeline; no parameters is fine here.
  if (lost_ || PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 1) != 1) {
    pipeline_failed_ = true;
    return;
  }
  pending_.push_back(pending{nullptr, nullptr});
}

void connection::deliver_pending(std::size_t count, clock::time_point until) {
  std::size_t done = 0;
  for (; done < count && done < pending_.size(); ++done) {
    bool lost = lost_;
    result r(lost ? nullptr : next_result(until, lost));
    if (!lost) {
      skip_to_end(until, lost);  // each statement's results end with a null one
    }
    if (lost || !r.ok()) {
      pipeline_failed_ = true;  // an error, aborted after an earlier one, or no answer
    }
    const pending p = pending_[done];
    if (p.prepares != nullptr && (lost || !r.ok())) {
      prepared_.erase(p.prepares);  // aborted or refused: prepared again next time
    }
    if (p.sink != nullptr) {
      p.sink(p.target, lost ? result{} : std::move(r));
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
}

bool connection::drain() {
  if (!pipelined_) {
    return !pipeline_failed_;
  }
  const auto until = deadline();
  if (!lost_ && PQpipelineSync(conn_) != 1) {
    lose();
  }
  deliver_pending(pending_.size(), until);
  bool synced = false;
  if (!lost_) {
    bool lost = false;
    PGresult* sync = next_result(until, lost);
    synced = !lost && sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
  }
  pipelined_ = false;
  if (!lost_ && PQexitPipelineMode(conn_) != 1) {
    // Answers left unread: only a new connection is in a known state.
    lose();
  }
  if (lost_ || !synced) {
    pipeline_failed_ = true;
  }
  return !pipeline_failed_;
}

result connection::run(const query& q, const params& p) {
  const auto until = deadline();
  if (pipelined_) {
    // Joins the open pipeline: a flush request makes the server answer what it has so far,
    // the transaction stays open.
    if (!send_prepared(q, p, until) || PQsendFlushRequest(conn_) != 1) {
      pipeline_failed_ = true;
      return result{};
    }
    pending_.push_back(pending{nullptr, nullptr});
    const std::size_t before = pending_.size() - 1;
    deliver_pending(before, until);
    if (lost_) {
      return result{};
    }
    bool lost = false;
    result r(next_result(until, lost));
    if (!lost) {
      skip_to_end(until, lost);
    }
    if (lost) {
      return result{};
    }
    pending_.erase(pending_.begin());
    if (!r.ok()) {
      pipeline_failed_ = true;
    }
    return r;
  }
  if (!send_prepared(q, p, until)) {
    return result{};
  }
  bool lost = false;
  result r(next_result(until, lost));
  if (!lost) {
    skip_to_end(until, lost);
  }
  return lost ? result{} : std::move(r);
}

bool connection::healthy() const noexcept {
  return conn_ != nullptr && !lost_ && PQstatus(conn_) == CONNECTION_OK;
}

bool connection::reconnect() noexcept {
  try {
    prepared_.clear();
    pending_.clear();
    pipelined_ = false;
    pipeline_failed_ = false;
    if (conn_ != nullptr) {
      PQfinish(conn_);
    }
    // Asynchronous, like every other wait: a server that accepts the TCP connection but never
    // answers (paused) costs `timeout`, not the thread.
    conn_ = PQconnectStart(dsn_.c_str());
    if (conn_ == nullptr || !finish_connect(PQconnectPoll, deadline())) {
      lose();
      return false;
    }
    lost_ = false;
    set_search_path();
    return true;
  } catch (...) {
    lose();
    return false;
  }
}

bool connection::in_transaction() const noexcept {
  const auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

std::string connection::last_error() const {
  if (conn_ == nullptr) {
    return lost_why_.empty() ? "no answer from PostgreSQL in time" : lost_why_;
  }
  return PQerrorMessage(conn_);
}

}  // namespace fenliu::store::pg
