// The QA sampling rules on fixed data: per agent and shop-local day, every unhappy rating and
// risk-flagged chat, then a share by a fixed order of ids; newest first; deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "gateway/app/qa_sampler.hpp"

namespace fenliu::gateway {
namespace {

constexpr std::int64_t hour = 3'600'000;
// 2026-11-11 00:00 in Shanghai (UTC+8) is 2026-11-10 16:00 UTC.
constexpr std::int64_t shanghai_midnight = 1'794'326'400'000;

store::qa_candidate_row closed(store::conversation_id id, std::string agent, std::int64_t at,
                               int stars = 0, bool risk = false) {
  store::qa_candidate_row r;
  r.conversation.id = id;
  r.conversation.agent_id = std::move(agent);
  r.conversation.updated_at = at;
  r.conversation.state = store::conversation_state::closed;
  r.rating_stars = stars;
  r.risk_flagged = risk;
  return r;
}

int shanghai(std::int64_t) { return 480; }

std::vector<std::pair<store::conversation_id, std::string>> picked(
    const std::vector<store::qa_candidate_row>& rows, const qa_config& rules,
    std::size_t limit = 0) {
  std::vector<std::pair<store::conversation_id, std::string>> out;
  for (const auto& p : pick_qa_sample(rows, rules, shanghai, limit)) {
    out.emplace_back(rows[p.candidate].conversation.id, p.reason);
  }
  return out;
}

TEST(QaSampler, UnhappyAndRiskyAlwaysThenTheShareRoundedUp) {
  qa_config rules;
  rules.sample_share = 0.25;
  std::vector<store::qa_candidate_row> rows;
  for (int i = 1; i <= 8; ++i) {
    rows.push_back(closed(i, "a", shanghai_midnight + i * hour, i == 3 ? 1 : 5, i == 6));
  }
  const auto out = picked(rows, rules);
  // ceil(0.25 x 8) = 2: the unhappy one (3) and the risky one (6) fill it; no share pick.
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (std::pair<store::conversation_id, std::string>{6, "risk"}));  // newest first
  EXPECT_EQ(out[1], (std::pair<store::conversation_id, std::string>{3, "unsatisfied"}));
  rules.sample_share = 0.5;  // 4: two more by share
  const auto more = picked(rows, rules);
  ASSERT_EQ(more.size(), 4u);
  EXPECT_EQ(std::count_if(more.begin(), more.end(), [](const auto& p) { return p.second == "share"; }),
            2);
}

TEST(QaSampler, ThreeStarsIsNotUnhappyAndTheThresholdIsConfigurable) {
  qa_config rules;
  rules.sample_share = 0;
  std::vector<store::qa_candidate_row> rows = {closed(1, "a", shanghai_midnight, 3),
                                               closed(2, "a", shanghai_midnight, 2),
                                               closed(3, "a", shanghai_midnight, 0)};
  EXPECT_EQ(picked(rows, rules).size(), 1u) << "2 stars: unhappy; 3: not; 0: not rated";
  rules.unsatisfied_max_stars = 3;
  EXPECT_EQ(picked(rows, rules).size(), 2u);
}

TEST(QaSampler, EachAgentAndShopLocalDayHasItsOwnShare) {
  qa_config rules;
  rules.sample_share = 0.1;  // ceil(0.1 x n) = 1 per agent and day
  std::vector<store::qa_candidate_row> rows;
  store::conversation_id id = 1;
  // 23:30 and 00:30 Shanghai time: two local days, though the same UTC day.
  for (int k = 0; k < 3; ++k) {
    rows.push_back(closed(id++, "a", shanghai_midnight - hour / 2));
    rows.push_back(closed(id++, "a", shanghai_midnight + hour / 2));
    rows.push_back(closed(id++, "b", shanghai_midnight + hour / 2));
  }
  const auto out = picked(rows, rules);
  ASSERT_EQ(out.size(), 3u) << "a's two days and b's one";
  std::set<std::string> days;
  for (const auto& [cid, reason] : out) {
    EXPECT_EQ(reason, "share");
    const auto& row = rows[cid - 1];
    days.insert(row.conversation.agent_id + (row.conversation.updated_at < shanghai_midnight ? "-10" : "-11"));
  }
  EXPECT_EQ(days, (std::set<std::string>{"a-10", "a-11", "b-11"}));
}

TEST(QaSampler, TheSameDataGivesTheSameSampleInAnyOrderAndTheLimitCuts) {
  qa_config rules;
  rules.sample_share = 0.3;
  std::vector<store::qa_candidate_row> rows;
  for (int i = 1; i <= 20; ++i) {
    rows.push_back(closed(100 + i, "a", shanghai_midnight + i * 60'000));
  }
  auto first = picked(rows, rules);
  std::reverse(rows.begin(), rows.end());
  auto second = picked(rows, rules);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.size(), 6u);
  EXPECT_EQ(picked(rows, rules, 2).size(), 2u);
  rules.sample_share = 0;
  EXPECT_TRUE(picked(rows, rules).empty());
  rules.sample_share = 1;
  EXPECT_EQ(picked(rows, rules).size(), 20u);
}

}  // namespace
}  // namespace fenliu::gateway
