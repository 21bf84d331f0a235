// connection (pg.hpp): libpq non-blocking, its waits on PQsocket through socket_wait, the
// pipeline of a batch. The value encoding (params, result) is in pg.cpp.
#include <utility>

#include "pg.hpp"
#include "pg_socket_wait.hpp"

namespace fenliu::store::pg {

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

result connection::statement_result(clock::time_point until, bool& lost) {
  result r(next_result(until, lost));
  // Each statement's results end with a null one.
  while (!lost) {
    PGresult* extra = next_result(until, lost);
    if (extra == nullptr) {
      break;
    }
    PQclear(extra);
  }
  return lost ? result{} : std::move(r);
}

void connection::exec_or_throw(const std::string& sql) {
  // Start-up work (the schema, migrations): as long as it takes.
  exec_or_throw(sql, clock::time_point::max());
}

void connection::exec_or_throw(const std::string& sql, clock::time_point until) {
  if (auto failure = simple_query(sql.c_str(), until)) {
    throw pg_error("store: " + *failure);
  }
}

bool connection::exec(const char* sql) {
  return !simple_query(sql, deadline());
}

std::optional<std::string> connection::simple_query(const char* sql, clock::time_point until) {
  drain();
  if (lost_ || PQsendQuery(conn_, sql) != 1) {
    return last_error();
  }
  bool lost = false;
  std::optional<std::string> failure;
  while (PGresult* r = next_result(until, lost)) {
    result one(r);
    if (!one.ok() && !failure) {
      failure = one.error();
    }
  }
  if (lost) {
    return last_error();
  }
  return failure;
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
      if (!statement_result(until, lost).ok()) {
        return false;
      }
    }
    prepared_.insert(q.name);
  }
  return PQsendQueryPrepared(conn_, q.name, p.size(), p.values(), p.lengths(), p.formats(),
                             /*resultFormat=*/1) == 1;
}

bool connection::enter_pipeline() {
  if (!lost_ && !pipelined_) {
    if (PQenterPipelineMode(conn_) != 1) {
      pipeline_failed_ = true;
      return false;
    }
    pipelined_ = true;
  }
  return true;
}

void connection::send(const query& q, const params& p, result_sink sink, void* target) {
  if (!enter_pipeline() || !send_prepared(q, p, deadline())) {
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
  if (!enter_pipeline()) {
    return;
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
    result r = lost ? result{} : statement_result(until, lost);
    if (!r.ok()) {
      pipeline_failed_ = true;  // an error, aborted after an earlier one, or no answer
    }
    const pending p = pending_[done];
    if (p.prepares != nullptr && !r.ok()) {
      prepared_.erase(p.prepares);  // aborted or refused: prepared again next time
    }
    if (p.sink != nullptr) {
      p.sink(p.target, std::move(r));
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
    // The answers owed before this statement come first, in order.
    deliver_pending(pending_.size(), until);
    bool lost = lost_;
    result r = lost ? result{} : statement_result(until, lost);
    if (!r.ok()) {
      pipeline_failed_ = true;
    }
    return r;
  }
  if (!send_prepared(q, p, until)) {
    return result{};
  }
  bool lost = false;
  return statement_result(until, lost);
}

void connection::rollback_open_transaction() {
  if (healthy() && in_transaction()) {
    exec("ROLLBACK");
  }
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
