// The shared store suite against the PostgreSQL back end (a real server on loopback).

#include "postgres_test_util.hpp"

namespace fenliu::store::test {

INSTANTIATE_TEST_SUITE_P(postgres, store_suite, ::testing::Values(postgres_backend()),
                         backend_name);

}  // namespace fenliu::store::test
