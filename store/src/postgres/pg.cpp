#include "pg.hpp"

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

connection::connection(std::string dsn, std::string schema, bool create_schema)
    : dsn_(std::move(dsn)), schema_(std::move(schema)) {
  conn_ = PQconnectdb(dsn_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn_);
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

void connection::set_search_path() {
  // Quiet: no NOTICE lines on stderr for IF NOT EXISTS. The application name says in
  // pg_stat_activity which store a connection serves.
  char* name = PQescapeLiteral(conn_, ("fenliu:" + schema_).c_str(), schema_.size() + 7);
  if (name == nullptr) {
    throw pg_error("store: " + last_error());
  }
  const std::string quoted = name;
  PQfreemem(name);
  exec_or_throw("SET client_min_messages = warning; SET search_path TO " +
                quote_identifier(schema_) + "; SET application_name TO " + quoted);
}

void connection::exec_or_throw(const std::string& sql) {
  result r(PQexec(conn_, sql.c_str()));
  if (!r.ok()) {
    throw pg_error("store: " + r.error());
  }
}

bool connection::exec(const char* sql) {
  drain();
  return result(PQexec(conn_, sql)).ok();
}

void connection::send(const query& q, const params& p, result_sink sink, void* target) {
  if (prepared_.find(q.name) == prepared_.end()) {
    drain();  // prepared outside the pipeline, once per connection
    result prep(PQprepare(conn_, q.name, q.sql, p.size(), p.types()));
    if (!prep.ok()) {
      pipeline_failed_ = true;
      sink(target, std::move(prep));
      return;
    }
    prepared_.insert(q.name);
  }
  if (!pipelined_) {
    if (PQenterPipelineMode(conn_) != 1) {
      pipeline_failed_ = true;
      sink(target, result{});
      return;
    }
    pipelined_ = true;
  }
  if (PQsendQueryPrepared(conn_, q.name, p.size(), p.values(), p.lengths(), p.formats(),
                          /*resultFormat=*/1) != 1) {
    pipeline_failed_ = true;
    sink(target, result{});
    return;
  }
  pending_.push_back(pending{sink, target});
  if (pending_.size() >= pipeline_depth) {
    drain();
  }
}

bool connection::drain() {
  if (!pipelined_) {
    return !pipeline_failed_;
  }
  bool synced = PQpipelineSync(conn_) == 1;
  for (const auto& p : pending_) {
    result r(synced ? PQgetResult(conn_) : nullptr);
    if (synced) {
      // Each statement's results end with a null one.
      if (PGresult* end = PQgetResult(conn_)) {
        PQclear(end);
        synced = false;
      }
    }
    if (!r.ok()) {
      pipeline_failed_ = true;  // an error, or aborted after an earlier one
    }
    p.sink(p.target, std::move(r));
  }
  pending_.clear();
  if (synced) {
    PGresult* sync = PQgetResult(conn_);
    synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
  }
  pipelined_ = false;
  if (PQexitPipelineMode(conn_) != 1) {
    // Answers left unread: only a new connection is in a known state. This batch fails.
    reconnect();
    synced = false;
  }
  if (!synced) {
    pipeline_failed_ = true;
  }
  return !pipeline_failed_;
}

result connection::run(const query& q, const params& p) {
  drain();
  if (prepared_.find(q.name) == prepared_.end()) {
    result prep(PQprepare(conn_, q.name, q.sql, p.size(), p.types()));
    if (!prep.ok()) {
      return prep;
    }
    prepared_.insert(q.name);
  }
  return result(PQexecPrepared(conn_, q.name, p.size(), p.values(), p.lengths(), p.formats(),
                               /*resultFormat=*/1));
}

bool connection::healthy() const noexcept {
  return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK;
}

bool connection::reconnect() noexcept {
  try {
    prepared_.clear();
    pending_.clear();
    pipelined_ = false;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return false;
    }
    set_search_path();
    return true;
  } catch (...) {
    return false;
  }
}

bool connection::in_transaction() const noexcept {
  const auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

std::string connection::last_error() const {
  return conn_ ? PQerrorMessage(conn_) : "not connected";
}

}  // namespace fenliu::store::pg
