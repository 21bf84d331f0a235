// Acks follow commits: every acked message survives the process being killed (kill -9) right
// after its ack, and the log is gapless after recovery.

#include <gtest/gtest.h>

#include <string>

#include "kill9_check.hpp"
#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

TEST_P(store_suite, acked_messages_survive_kill_9) {
  const backend& b = GetParam();
  const std::string dir = dir_.path();
  check_kill9([&] { return b.open(dir, store_options{}); },
              [&] { return b.open(dir, test_options()); });
}

}  // namespace
}  // namespace fenliu::store::test
