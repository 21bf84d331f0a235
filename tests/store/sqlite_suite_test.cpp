// The shared store suite against the SQLite back end.

#include "sqlite_test_util.hpp"

namespace fenliu::store::test {

INSTANTIATE_TEST_SUITE_P(sqlite, store_suite, ::testing::Values(sqlite_backend()), backend_name);

}  // namespace fenliu::store::test
