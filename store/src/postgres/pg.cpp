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

}  // namespace fenliu::store::pg
