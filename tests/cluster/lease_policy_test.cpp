// lease_policy as a table of timestamps: when a node renews, and what each answer means.

#include "fenliu/cluster/lease_policy.hpp"

#include <gtest/gtest.h>

namespace fenliu::cluster {
namespace {

store::lease_state held(std::int64_t epoch, std::int64_t remaining) {
  return store::lease_state{true, true, "me", epoch, remaining};
}
store::lease_state refused(const std::string& owner, std::int64_t epoch) {
  return store::lease_state{true, false, owner, epoch, 5000};
}
store::lease_state unreachable() {
  return {};
}

TEST(LeasePolicy, StandsByUntilGrantedThenRenewsEveryIntervalWithTheSameEpoch) {
  lease_policy p(3000, 1000);
  auto s = p.on_answer(0, 10, refused("other", 4));
  EXPECT_EQ(s.role, lease_role::standby);
  EXPECT_EQ(s.next_try_at, 1010);
  s = p.on_answer(1010, 1020, held(5, 3000));
  EXPECT_EQ(s.role, lease_role::owner);
  EXPECT_TRUE(s.became_owner);
  EXPECT_EQ(s.epoch, 5);
  EXPECT_EQ(s.next_try_at, 2020);
  // Counted from the moment the request went out, not from the answer.
  EXPECT_EQ(p.valid_until(), 4010);
  s = p.on_answer(2020, 2030, held(5, 3000));
  EXPECT_EQ(s.role, lease_role::owner);
  EXPECT_FALSE(s.became_owner);
  EXPECT_EQ(p.valid_until(), 5020);
}

TEST(LeasePolicy, AnUnreachableDatabaseIsRetriedWithinTheLeaseAndLosesItAtItsEnd) {
  lease_policy p(3000, 1000);
  p.on_answer(0, 0, held(1, 3000));  // valid until 3000
  auto s = p.on_answer(1000, 1100, unreachable());
  EXPECT_EQ(s.role, lease_role::owner);
  EXPECT_EQ(s.next_try_at, 1600);  // half an interval later
  s = p.on_answer(2600, 2900, unreachable());
  EXPECT_EQ(s.role, lease_role::owner);
  EXPECT_EQ(s.next_try_at, 3000) << "never past the lease";
  s = p.on_answer(3000, 3000, unreachable());
  EXPECT_EQ(s.role, lease_role::lost);
  // Lost is final, whatever comes after.
  EXPECT_EQ(p.on_answer(3100, 3100, held(1, 3000)).role, lease_role::lost);
}

TEST(LeasePolicy, ARefusalOrANewEpochAfterALapseLosesIt) {
  lease_policy a(3000, 1000);
  a.on_answer(0, 0, held(1, 3000));
  EXPECT_EQ(a.on_answer(1000, 1000, refused("node-b", 2)).role, lease_role::lost);

  lease_policy b(3000, 1000);
  b.on_answer(0, 0, held(1, 3000));
  // Granted again, but with the next epoch: it lapsed and another node may have written.
  EXPECT_EQ(b.on_answer(5000, 5000, held(2, 3000)).role, lease_role::lost);
}

TEST(LeasePolicy, AStandbyThatCannotReachTheDatabaseKeepsTrying) {
  lease_policy p(3000, 1000);
  const auto s = p.on_answer(0, 50, unreachable());
  EXPECT_EQ(s.role, lease_role::standby);
  EXPECT_EQ(s.next_try_at, 1050);
}

TEST(LeasePolicy, TheDatabasesRemainingTimeCapsTheNodesCount) {
  lease_policy p(3000, 1000);
  p.on_answer(100, 200, held(1, 800));  // the database says 800 ms are left
  EXPECT_EQ(p.valid_until(), 900);
}

}  // namespace
}  // namespace fenliu::cluster
