#pragma once
// The suite every store back end passes: tests written against message_log and records only,
// run once per back end. A back end joins with one line in its own file:
//   INSTANTIATE_TEST_SUITE_P(postgres, store_suite, ::testing::Values(postgres_backend()),
//                            backend_name);

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store_test_util.hpp"

namespace fenliu::store::test {

/// How the suite opens a back end.
struct backend {
  std::string name;
  /// Opens the store whose data lives under `dir`, a directory that is empty at the start of
  /// each test; opening the same `dir` again reopens the same data (restarts). A back end
  /// that keeps its data elsewhere uses `dir` as the name of a fresh database.
  std::function<std::unique_ptr<store>(const std::string& dir, const store_options& options)> open;
};

inline void PrintTo(const backend& b, std::ostream* os) {
  *os << b.name;
}

inline std::string backend_name(const ::testing::TestParamInfo<backend>& info) {
  return info.param.name;
}

class store_suite : public ::testing::TestWithParam<backend> {
 protected:
  std::unique_ptr<store> open(const store_options& options = test_options()) const {
    return GetParam().open(dir_.path(), options);
  }

  temp_dir dir_;
};

}  // namespace fenliu::store::test
