// Part "kpis": every measure, every group_by and local-day boundaries against a fixture whose
// expected values are computed by hand in the comments (README, KPIs, has the definitions).
#include <gtest/gtest.h>

#include "fenliu/kpi/calculator.hpp"

namespace fenliu::kpi {
namespace {

constexpr time_ms s = 1000;
constexpr time_ms day = 86'400 * s;
const local_clock shanghai({}, 480);
const time_ms T0 = *shanghai.local_instant("2026-03-01", 0);  // 2026-02-28 16:00 UTC
const time_ms D2 = T0 + day;

input fixture() {
  input in;
  auto conv = [&](conversation_id id, std::string customer, stage st, phase state,
                  std::string agent, time_ms created, time_ms updated) {
    in.conversations.push_back({id, std::move(customer), st, state, std::move(agent), created,
                                updated});
  };
  auto hist = [&](conversation_id id, time_ms at, phase state, stage st, std::string agent) {
    in.history.push_back({id, at, state, st, std::move(agent)});
  };
  auto msg = [&](conversation_id id, author who, time_ms at) { in.messages.push_back({id, who, at}); };
  constexpr auto queued = phase::queued;
  constexpr auto active = phase::active;
  constexpr auto closed = phase::closed;
  constexpr auto left_message = phase::left_message;
  constexpr auto abandoned = phase::abandoned;
  constexpr auto customer = author::customer;
  constexpr auto person = author::person;
  constexpr auto bot = author::bot;
  constexpr auto pre = stage::pre_sales;
  // C1: queued, a1 takes it after 10 s, answers 30 s then 60 s; closed after 600 s; 5 stars;
  // the buyer orders an hour later (converted); two QA reviews (80, 90).
  conv(1, "u1", pre, closed, "a1", T0 + 100 * s, T0 + 700 * s);
  hist(1, T0 + 100 * s, queued, pre, "");
  hist(1, T0 + 110 * s, active, pre, "a1");
  hist(1, T0 + 700 * s, closed, pre, "a1");
  msg(1, customer, T0 + 100 * s);
  msg(1, person, T0 + 130 * s);
  msg(1, customer, T0 + 200 * s);
  msg(1, customer, T0 + 210 * s);
  msg(1, person, T0 + 260 * s);
  in.ratings.push_back({1, 5});
  in.orders.push_back({"u1", T0 + 3600 * s});
  in.qa_reviews.push_back({1, 80});
  in.qa_reviews.push_back({1, 90});
  // C2 (in-sale): a1 after 50 s (late), answers 60 s; transferred to a2, who answers 100 s;
  // closed after 1000 s; 2 stars. The buyer's order does not count: not pre-sales.
  conv(2, "u2", stage::in_sale, closed, "a2", T0 + 1000 * s, T0 + 2000 * s);
  hist(2, T0 + 1000 * s, queued, stage::in_sale, "");
  hist(2, T0 + 1050 * s, active, stage::in_sale, "a1");
  hist(2, T0 + 1200 * s, active, stage::in_sale, "a2");
  hist(2, T0 + 2000 * s, closed, stage::in_sale, "a2");
  msg(2, customer, T0 + 1000 * s);
  msg(2, person, T0 + 1060 * s);
  msg(2, customer, T0 + 1300 * s);
  msg(2, person, T0 + 1400 * s);
  in.ratings.push_back({2, 2});
  in.orders.push_back({"u2", T0 + 1500 * s});
  // C3: the bot answers and the buyer leaves satisfied: contained; 100 s; 3 stars.
  conv(3, "u3", pre, closed, "", T0 + 5000 * s, T0 + 5100 * s);
  hist(3, T0 + 5100 * s, closed, pre, "");
  msg(3, customer, T0 + 5000 * s);
  msg(3, bot, T0 + 5001 * s);
  in.ratings.push_back({3, 3});
  // C4 (after-sales): the bot answers, the buyer asks for a person, queues and gives up.
  conv(4, "u4", stage::after_sales, abandoned, "", T0 + 6000 * s, T0 + 6100 * s);
  hist(4, T0 + 6010 * s, queued, stage::after_sales, "");
  hist(4, T0 + 6100 * s, abandoned, stage::after_sales, "");
  msg(4, customer, T0 + 6000 * s);
  msg(4, bot, T0 + 6001 * s);
  msg(4, customer, T0 + 6005 * s);
  // C5, the second local day (00:30): nobody on shift, a left message at 00:30:20; a2 takes
  // it at D2 + 30000 s and answers 10 s later; closed at D2 + 30100 s. The order 25 h later is
  // outside the 24 h window.
  conv(5, "u5", pre, closed, "a2", D2 + 1800 * s, D2 + 30100 * s);
  hist(5, D2 + 1810 * s, left_message, pre, "");
  hist(5, D2 + 30000 * s, active, pre, "a2");
  hist(5, D2 + 30100 * s, closed, pre, "a2");
  msg(5, customer, D2 + 1800 * s);
  msg(5, person, D2 + 30010 * s);
  in.left_messages.push_back({5, D2 + 1820 * s});
  in.orders.push_back({"u5", D2 + 1800 * s + 25 * 3600 * s});
  // C6: the last millisecond of the first local day, still queued.
  conv(6, "u6", pre, queued, "", D2 - 1, D2 - 1);
  // C7: the last millisecond before the period (local 2026-02-28): not counted anywhere.
  conv(7, "u7", pre, closed, "a1", T0 - 1, T0 + 10 * s);
  msg(7, customer, T0 - 1);
  in.ratings.push_back({7, 1});
  return in;
}

options opts(group_by by, period per = period::all) {
  return options{T0, T0 + 2 * day, by, per, "shop1", 30, 24};
}

TEST(KpiCalculator, EveryMeasureForTheShop) {
  const auto rows = compute(fixture(), opts(group_by::shop), shanghai);
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(r.group, "shop1");
  EXPECT_EQ(r.period, "");
  EXPECT_EQ(r.period_from, T0);
  EXPECT_EQ(r.period_to, T0 + 2 * day);
  EXPECT_EQ(r.conversations, 6);
  // First responses 30 s, 60 s, 28210 s.
  EXPECT_EQ(r.first_response.count, 3);
  EXPECT_DOUBLE_EQ(*r.first_response.avg_ms, 28'300'000.0 / 3);
  EXPECT_EQ(*r.first_response.p50_ms, 60'000);
  EXPECT_EQ(*r.first_response.p90_ms, 28'210'000);
  // Responses 30, 60, 60, 100, 28210 s.
  EXPECT_EQ(r.response.count, 5);
  EXPECT_DOUBLE_EQ(*r.response.avg_ms, 5'692'000.0);
  EXPECT_EQ(*r.response.p50_ms, 60'000);
  EXPECT_EQ(*r.response.p90_ms, 28'210'000);
  // Durations 100, 600, 1000, 28300 s (C4 abandoned and C6 open never ended).
  EXPECT_EQ(r.duration.count, 4);
  EXPECT_DOUBLE_EQ(*r.duration.avg_ms, 7'500'000.0);
  EXPECT_EQ(*r.duration.p50_ms, 600'000);
  EXPECT_EQ(*r.duration.p90_ms, 28'300'000);
  EXPECT_EQ(r.satisfied.part, 1);
  EXPECT_EQ(r.satisfied.whole, 3);
  EXPECT_EQ(r.unsatisfied.part, 1);
  EXPECT_EQ(r.unsatisfied.whole, 3);
  EXPECT_EQ(r.transferred.part, 1);
  EXPECT_EQ(r.transferred.whole, 3);
  EXPECT_DOUBLE_EQ(*r.transferred.value(), 1.0 / 3);
  EXPECT_EQ(r.abandoned.part, 1);
  EXPECT_EQ(r.abandoned.whole, 6);
  EXPECT_EQ(r.left_messages, 1);
  EXPECT_EQ(r.left_message_answer.count, 1);
  EXPECT_DOUBLE_EQ(*r.left_message_answer.avg_ms, 28'190'000.0);
  // Waited: C1, C2, C4, C5, C6; only C1 was taken within 30 s.
  EXPECT_EQ(r.service_level.part, 1);
  EXPECT_EQ(r.service_level.whole, 5);
  EXPECT_EQ(r.bot_contained.part, 1);
  EXPECT_EQ(r.bot_contained.whole, 2);
  // Pre-sales: C1, C3, C5, C6; C1 converted.
  EXPECT_EQ(r.converted.part, 1);
  EXPECT_EQ(r.converted.whole, 4);
  EXPECT_DOUBLE_EQ(*r.converted.value(), 0.25);
  EXPECT_EQ(r.qa_reviews, 2);
  EXPECT_DOUBLE_EQ(*r.qa_average, 85.0);
}

TEST(KpiCalculator, ByAgentCountsTheFirstPerson) {
  const auto rows = compute(fixture(), opts(group_by::agent), shanghai);
  ASSERT_EQ(rows.size(), 3u);
  // "" (no person): C3, C4, C6; nothing timed by a person.
  EXPECT_EQ(rows[0].group, "");
  EXPECT_EQ(rows[0].conversations, 3);
  EXPECT_EQ(rows[0].first_response.count, 0);
  EXPECT_FALSE(rows[0].first_response.avg_ms);
  EXPECT_FALSE(rows[0].transferred.value());
  EXPECT_EQ(rows[0].bot_contained.part, 1);
  EXPECT_EQ(rows[0].bot_contained.whole, 2);
  EXPECT_EQ(rows[0].abandoned.part, 1);
  EXPECT_EQ(rows[0].service_level.whole, 2);
  EXPECT_FALSE(rows[0].qa_average);
  // a1: C1 and C2 (transferred away).
  EXPECT_EQ(rows[1].group, "a1");
  EXPECT_EQ(rows[1].conversations, 2);
  EXPECT_DOUBLE_EQ(*rows[1].first_response.avg_ms, 45'000.0);
  EXPECT_EQ(*rows[1].first_response.p50_ms, 30'000);
  EXPECT_EQ(*rows[1].first_response.p90_ms, 60'000);
  EXPECT_EQ(rows[1].response.count, 4);
  EXPECT_DOUBLE_EQ(*rows[1].response.avg_ms, 62'500.0);
  EXPECT_EQ(rows[1].transferred.part, 1);
  EXPECT_EQ(rows[1].transferred.whole, 2);
  EXPECT_EQ(rows[1].service_level.part, 1);
  EXPECT_EQ(rows[1].service_level.whole, 2);
  EXPECT_EQ(rows[1].satisfied.part, 1);
  EXPECT_EQ(rows[1].unsatisfied.part, 1);
  EXPECT_EQ(rows[1].satisfied.whole, 2);
  EXPECT_DOUBLE_EQ(*rows[1].qa_average, 85.0);
  // a2: C5 with its left message.
  EXPECT_EQ(rows[2].group, "a2");
  EXPECT_EQ(rows[2].conversations, 1);
  EXPECT_EQ(*rows[2].first_response.p90_ms, 28'210'000);
  EXPECT_EQ(rows[2].left_messages, 1);
  EXPECT_EQ(rows[2].converted.part, 0);
  EXPECT_EQ(rows[2].converted.whole, 1);
}

TEST(KpiCalculator, ByStageUsesTheLatestStage) {
  const auto rows = compute(fixture(), opts(group_by::stage), shanghai);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].group, "after_sales");
  EXPECT_EQ(rows[0].conversations, 1);
  EXPECT_EQ(rows[0].abandoned.part, 1);
  EXPECT_EQ(rows[1].group, "in_sale");
  EXPECT_EQ(rows[1].conversations, 1);
  EXPECT_EQ(rows[1].converted.whole, 0);
  EXPECT_FALSE(rows[1].converted.value());
  EXPECT_EQ(rows[2].group, "pre_sales");
  EXPECT_EQ(rows[2].conversations, 4);
  EXPECT_EQ(rows[2].converted.part, 1);
  EXPECT_EQ(rows[2].converted.whole, 4);
}

TEST(KpiCalculator, LocalDaysSplitAtShopMidnight) {
  const auto rows = compute(fixture(), opts(group_by::shop, period::day), shanghai);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].period, "2026-03-01");
  EXPECT_EQ(rows[0].period_from, T0);
  EXPECT_EQ(rows[0].period_to, D2);
  EXPECT_EQ(rows[0].conversations, 5);  // C1..C4 and C6 at 23:59:59.999
  EXPECT_EQ(rows[1].period, "2026-03-02");
  EXPECT_EQ(rows[1].conversations, 1);
  EXPECT_EQ(rows[1].left_messages, 1);
  // In UTC the same instants fall on other days: C1..C4 on 02-28, C6 and C5 on 03-01.
  const local_clock utc({}, 0);
  const auto utc_rows = compute(fixture(), opts(group_by::shop, period::day), utc);
  ASSERT_EQ(utc_rows.size(), 3u);
  EXPECT_EQ(utc_rows[0].period, "2026-02-28");
  EXPECT_EQ(utc_rows[0].conversations, 4);
  EXPECT_EQ(utc_rows[1].period, "2026-03-01");
  EXPECT_EQ(utc_rows[1].conversations, 2);
  EXPECT_EQ(utc_rows[2].period, "2026-03-02");
  EXPECT_EQ(utc_rows[2].conversations, 0);
}

TEST(KpiCalculator, EmptyDaysOfTheShopTrendHaveNoValues) {
  auto o = opts(group_by::shop, period::day);
  o.to = T0 + 4 * day;
  const auto rows = compute(fixture(), o, shanghai);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3].period, "2026-03-04");
  EXPECT_EQ(rows[3].conversations, 0);
  EXPECT_FALSE(rows[3].first_response.avg_ms);
  EXPECT_FALSE(rows[3].satisfied.value());
  EXPECT_FALSE(rows[3].service_level.value());
  EXPECT_FALSE(rows[3].qa_average);
}

TEST(KpiCalculator, WeeksStartOnMonday) {
  const auto rows = compute(fixture(), opts(group_by::agent, period::week), shanghai);
  // 2026-03-01 is a Sunday, 03-02 a Monday: two weeks.
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].period, "2026-02-23");
  EXPECT_EQ(rows[0].group, "");
  EXPECT_EQ(rows[1].period, "2026-02-23");
  EXPECT_EQ(rows[1].group, "a1");
  EXPECT_EQ(rows[2].period, "2026-03-02");
  EXPECT_EQ(rows[2].group, "a2");
}

TEST(KpiCalculator, TargetAndWindowAreConfigurable) {
  auto o = opts(group_by::shop);
  o.service_level_target_s = 50;  // C2 was taken after exactly 50 s: within
  o.conversion_window_hours = 26;  // C5's order 25 h later: converted
  const auto rows = compute(fixture(), o, shanghai);
  EXPECT_EQ(rows[0].service_level.part, 2);
  EXPECT_EQ(rows[0].converted.part, 2);
  o.service_level_target_s = 49;
  o.conversion_window_hours = 25;  // the window is [created, created + N h)
  const auto edge = compute(fixture(), o, shanghai);
  EXPECT_EQ(edge[0].service_level.part, 1);
  EXPECT_EQ(edge[0].converted.part, 1);
}

TEST(KpiCalculator, KeysRoundTrip) {
  for (auto g : {group_by::shop, group_by::agent, group_by::stage}) {
    EXPECT_EQ(group_by_from_key(key_of(g)), g);
  }
  for (auto p : {period::all, period::day, period::week}) {
    EXPECT_EQ(period_from_key(key_of(p)), p);
  }
  EXPECT_FALSE(group_by_from_key("team"));
  EXPECT_FALSE(period_from_key("month"));
}

}  // namespace
}  // namespace fenliu::kpi
