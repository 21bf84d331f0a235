// The floor's records: stored alerts until acknowledged, the closed conversations QA samples
// from (with rating and risk flag), and an agent's reviews.

#include <gtest/gtest.h>

#include <functional>

#include "store_suite.hpp"

namespace fenliu::store::test {
namespace {

void wait_ok(std::function<std::error_code(callback<bool>)> submit) {
  waiter<bool> w;
  ASSERT_FALSE(submit(w.cb()));
  ASSERT_FALSE(w.get().ec);
}

alert_row alert(std::uint64_t id, std::string kind, time_ms at) {
  return alert_row{id, at, std::move(kind), 7, stage_code::after_sales, "pre-1", "文本 text",
                   R"(["差评","12315"])", 0.82, {}, 0};
}

TEST_P(store_suite, alerts_stay_open_until_acknowledged_once) {
  auto s = open();
  wait_ok([&](auto cb) { return s->save_alert(alert(10, "long_wait", 100), cb); });
  wait_ok([&](auto cb) { return s->save_alert(alert(11, "complaint_risk", 200), cb); });
  wait_ok([&](auto cb) { return s->save_alert(alert(11, "repeated id", 300), cb); });  // ignored
  auto open_alerts = read_sync<std::vector<alert_row>>([&](auto cb) { s->alerts(false, 0, cb); });
  ASSERT_FALSE(open_alerts.ec);
  ASSERT_EQ(open_alerts.value.size(), 2u);
  EXPECT_EQ(open_alerts.value[0].id, 11u);  // newest first
  EXPECT_EQ(open_alerts.value[0].kind, "complaint_risk");
  EXPECT_EQ(open_alerts.value[0].triggers_json, R"(["差评","12315"])");
  EXPECT_DOUBLE_EQ(open_alerts.value[0].risk, 0.82);
  EXPECT_EQ(open_alerts.value[0].stage, stage_code::after_sales);
  EXPECT_EQ(open_alerts.value[0].agent_id, "pre-1");

  waiter<alert_row> acked;
  ASSERT_FALSE(s->acknowledge_alert(10, "sup-1", 500, acked.cb()));
  auto a = acked.get();
  ASSERT_FALSE(a.ec);
  EXPECT_EQ(a.value.acknowledged_by, "sup-1");
  EXPECT_EQ(a.value.acknowledged_at, 500);
  waiter<alert_row> again;
  ASSERT_FALSE(s->acknowledge_alert(10, "sup-2", 600, again.cb()));
  EXPECT_EQ(again.get().value.acknowledged_by, "sup-1") << "the first acknowledgement stands";
  waiter<alert_row> missing;
  ASSERT_FALSE(s->acknowledge_alert(99, "sup-1", 600, missing.cb()));
  EXPECT_EQ(missing.get().ec, errc::not_found);

  open_alerts = read_sync<std::vector<alert_row>>([&](auto cb) { s->alerts(false, 0, cb); });
  ASSERT_EQ(open_alerts.value.size(), 1u);
  EXPECT_EQ(open_alerts.value[0].id, 11u);
  auto all = read_sync<std::vector<alert_row>>([&](auto cb) { s->alerts(true, 0, cb); });
  ASSERT_EQ(all.value.size(), 2u);
  auto one = read_sync<std::vector<alert_row>>([&](auto cb) { s->alerts(true, 1, cb); });
  EXPECT_EQ(one.value.size(), 1u);
}

TEST_P(store_suite, qa_candidates_are_closed_conversations_with_rating_and_risk) {
  auto s = open();
  auto closed_at = [&](std::string customer, time_ms at, conversation_state state) {
    const auto c = create_sync(*s, conversation(std::move(customer)));
    auto rec = conversation("");
    rec.id = c;
    rec.state = state;
    rec.agent_id = "pre-1";
    rec.updated_at = at;
    wait_ok([&](auto cb) { return s->update_conversation(rec, cb); });
    return c;
  };
  const auto rated = closed_at("b-1", 5000, conversation_state::closed);
  const auto risky = closed_at("b-2", 6000, conversation_state::closed);
  closed_at("b-3", 6500, conversation_state::wrap_up);  // never a candidate
  closed_at("b-4", 9000, conversation_state::closed);   // outside [from, to)
  wait_ok([&](auto cb) { return s->save_rating({rated, 1, "太慢", 5100}, cb); });
  ASSERT_FALSE(s->record_decision({risky, 5900, "complaint_risk", "", "[]"}));
  ASSERT_FALSE(s->record_decision({rated, 4000, "least_load", "pre-1", "[]"}));
  // Writes commit in order: once a later write is done, the decisions are stored too.
  wait_ok([&](auto cb) { return s->save_alert(alert(1, "long_wait", 100), cb); });
  auto rows = read_sync<std::vector<qa_candidate_row>>(
                  [&](auto cb) { s->qa_candidates(1000, 8000, std::nullopt, cb); })
                  .value;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].conversation.id, rated);  // oldest first
  EXPECT_EQ(rows[0].rating_stars, 1);
  EXPECT_FALSE(rows[0].risk_flagged);
  EXPECT_EQ(rows[0].conversation.agent_id, "pre-1");
  EXPECT_EQ(rows[1].conversation.id, risky);
  EXPECT_EQ(rows[1].rating_stars, 0);
  EXPECT_TRUE(rows[1].risk_flagged);
  auto other_stage = read_sync<std::vector<qa_candidate_row>>(
      [&](auto cb) { s->qa_candidates(1000, 8000, stage_code::in_sale, cb); });
  EXPECT_TRUE(other_stage.value.empty());
}

TEST_P(store_suite, an_agents_reviews_newest_first) {
  auto s = open();
  const auto c1 = create_sync(*s, conversation("b-1"));
  const auto c2 = create_sync(*s, conversation("b-2"));
  wait_ok([&](auto cb) {
    return s->save_qa_review({c1, "qa-1", R"([{"item":"tone","score":3}])", 60, "ok", 100, "pre-1"},
                             cb);
  });
  wait_ok([&](auto cb) {
    return s->save_qa_review({c2, "qa-1", "[]", 90, "好", 200, "pre-1"}, cb);
  });
  wait_ok([&](auto cb) { return s->save_qa_review({c2, "qa-1", "[]", 50, "", 300, "in-1"}, cb); });
  auto mine = read_sync<std::vector<qa_review_row>>(
      [&](auto cb) { s->qa_reviews_of_agent("pre-1", 0, cb); });
  ASSERT_FALSE(mine.ec);
  ASSERT_EQ(mine.value.size(), 2u);
  EXPECT_EQ(mine.value[0].total, 90);
  EXPECT_EQ(mine.value[1].agent_id, "pre-1");
  auto by_conversation =
      read_sync<std::vector<qa_review_row>>([&](auto cb) { s->qa_reviews_of(c2, cb); });
  ASSERT_EQ(by_conversation.value.size(), 2u);
  EXPECT_EQ(by_conversation.value[1].agent_id, "in-1");
}

}  // namespace
}  // namespace fenliu::store::test
