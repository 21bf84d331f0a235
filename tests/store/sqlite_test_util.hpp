#pragma once
// The SQLite back end in the shared suite, and options for the tests that only SQLite has
// (pragmas, WAL, simulated full disk, migrations of its files).

#include <string>

#include "fenliu/store/sqlite_store.hpp"
#include "store_suite.hpp"

namespace fenliu::store::test {

inline sqlite_options sqlite_options_for(const std::string& path,
                                         const store_options& common = test_options()) {
  sqlite_options o;
  static_cast<store_options&>(o) = common;
  o.path = path;
  return o;
}

inline sqlite_options sqlite_options_for(const temp_dir& dir,
                                         const store_options& common = test_options()) {
  return sqlite_options_for(dir.file(), common);
}

inline backend sqlite_backend() {
  return backend{"sqlite", [](const std::string& dir, const store_options& options) {
                   return std::unique_ptr<store>(
                       open_sqlite_store(sqlite_options_for(dir + "/store.db", options)));
                 }};
}

}  // namespace fenliu::store::test
