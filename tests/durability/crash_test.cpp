// Crash tests (CTest label `crash`): the real fenliu binary is killed with SIGKILL several times
// while hundreds of clients are mid-conversation, restarted on the same data directory, and at
// the end every acked message must be on disk exactly once at its acked seq, and every
// participant must have seen every seq of its conversations with no gap.
#include <gtest/gtest.h>

#include <iostream>

#include "crash_run.hpp"
#include "test_server.hpp"

namespace fenliu::durability {
namespace {

void expect_clean(const crash_report& r, int kills) {
  std::cout << "[ crash    ] " << r.summary << "\n";
  EXPECT_TRUE(r.finished);
  EXPECT_GE(r.kills, kills);
  for (const auto& f : r.failures) {
    ADD_FAILURE() << f;
  }
}

TEST(Crash, AckedMessagesSurviveRepeatedKill9ExactlyOnceInOrder) {
  testing::temp_dir dir;
  crash_options o;
  o.plan.conversations = 200;
  o.plan.agents = 20;
  o.plan.agent_capacity = 15;
  o.plan.messages_per_side = 20;
  o.plan.window = 4;
  o.plan.min_gap_ms = 5;
  o.plan.max_gap_ms = 60;
  o.kill_at = {0.15, 0.35, 0.55, 0.75};
  o.online_backup_at = 0.45;
  expect_clean(run_crash_scenario(o, dir.path()), 4);
}

// synchronous = FULL: the same guarantees end to end (a smaller run, two crashes).
TEST(Crash, SynchronousFullServesAndSurvivesKill9) {
  testing::temp_dir dir;
  crash_options o;
  o.plan.conversations = 60;
  o.plan.agents = 4;
  o.plan.agent_capacity = 20;
  o.plan.messages_per_side = 12;
  o.plan.window = 4;
  o.plan.min_gap_ms = 5;
  o.plan.max_gap_ms = 60;
  o.plan.seed = 7;
  o.synchronous_full = true;
  o.kill_at = {0.3, 0.6};
  expect_clean(run_crash_scenario(o, dir.path()), 2);
}

}  // namespace
}  // namespace fenliu::durability
