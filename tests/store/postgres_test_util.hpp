#pragma once
// The PostgreSQL back end in the shared suite. The server is the one CTest starts for the
// store tests (scripts/pg-test-server.sh, fixture "postgres"), named by FENLIU_TEST_PG_DSN;
// each test's data lives in its own schema, named after the test's directory.

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "fenliu/store/postgres_store.hpp"
#include "store_suite.hpp"

namespace fenliu::store::test {

inline std::string postgres_test_dsn() {
  const char* dsn = std::getenv("FENLIU_TEST_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    throw std::runtime_error(
        "FENLIU_TEST_PG_DSN is not set: run the store tests through ctest, which starts "
        "PostgreSQL (scripts/pg-test-server.sh) and sets it");
  }
  return dsn;
}

/// A schema name per directory: the same directory (a reopen) finds the same data.
inline std::string postgres_schema_for(const std::string& dir) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (const unsigned char ch : dir) {
    h = (h ^ ch) * 1099511628211ull;
  }
  char name[32];
  std::snprintf(name, sizeof name, "t_%016llx", static_cast<unsigned long long>(h));
  return name;
}

inline postgres_options postgres_options_for(const std::string& dir,
                                             const store_options& common = test_options()) {
  postgres_options o;
  static_cast<store_options&>(o) = common;
  o.dsn = postgres_test_dsn();
  o.schema = postgres_schema_for(dir);
  return o;
}

inline backend postgres_backend() {
  return backend{"postgres", [](const std::string& dir, const store_options& options) {
                   return open_postgres_store(postgres_options_for(dir, options));
                 }};
}

}  // namespace fenliu::store::test
