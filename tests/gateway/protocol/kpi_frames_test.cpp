// FetchKpis and KpiReport (part "kpis"): who may ask, field checks, the decoded request, and the
// report's unset optional fields for no data.
#include <gtest/gtest.h>

#include "gateway/protocol/kpi_frames.hpp"
#include "gateway/protocol/protocol.hpp"

namespace fenliu::gateway {
namespace {

v1::ClientEnvelope fetch(std::int64_t from, std::int64_t to, std::string by, std::string per) {
  v1::ClientEnvelope env;
  env.set_request_id(7);
  auto* k = env.mutable_fetch_kpis();
  k->set_from_ms(from);
  k->set_to_ms(to);
  k->set_group_by(std::move(by));
  k->set_period(std::move(per));
  return env;
}

std::optional<frame_error> decode(const v1::ClientEnvelope& env, role who) {
  v1::ClientEnvelope out;
  return decode_client_frame(env.SerializeAsString(), true, who, {}, out);
}

TEST(KpiFrames, OnlySupervisorsAsk) {
  EXPECT_FALSE(decode(fetch(0, 1, "agent", "day"), role::supervisor));
  for (role r : {role::customer, role::agent, role::qa}) {
    auto e = decode(fetch(0, 1, "agent", "day"), r);
    ASSERT_TRUE(e) << to_string(r);
    EXPECT_EQ(e->code, v1::ERROR_CODE_FORBIDDEN_FOR_ROLE);
  }
}

TEST(KpiFrames, FieldChecks) {
  for (const auto& env : {fetch(0, 1, "team", ""), fetch(0, 1, "", "month"), fetch(5, 5, "", ""),
                          fetch(-1, 5, "", ""), fetch(0, 253'402'300'800'001, "", "")}) {
    auto e = decode(env, role::supervisor);
    ASSERT_TRUE(e) << env.ShortDebugString();
    EXPECT_EQ(e->code, v1::ERROR_CODE_INVALID_ARGUMENT);
  }
  EXPECT_FALSE(decode(fetch(0, 1, "", ""), role::supervisor));  // the defaults
  auto req = std::get<requests::fetch_kpis>(to_request(fetch(10, 20, "stage", "week")));
  EXPECT_EQ(req.from_ms, 10);
  EXPECT_EQ(req.to_ms, 20);
  EXPECT_EQ(req.group_by, "stage");
  EXPECT_EQ(req.period, "week");
}

TEST(KpiFrames, ReportLeavesNoDataUnset) {
  kpi::kpi_row empty;
  empty.group = "a1";
  kpi::kpi_row full = empty;
  full.conversations = 2;
  full.first_response = {2, 45'000.0, 30'000, 60'000};
  full.satisfied = {1, 2};
  full.unsatisfied = {0, 2};
  full.qa_average = 85.0;
  const kpi_report_head head{1, 2, kpi::group_by::agent, kpi::period::day, "Asia/Shanghai",
                             480, 30, 24, 2};
  const auto frame = encode_kpi_report(9, head, {empty, full}, {"", "Xiao Yu 小雨"});
  v1::ServerEnvelope env;
  ASSERT_TRUE(env.ParseFromString(*frame));
  EXPECT_EQ(env.request_id(), 9u);
  const auto& k = env.kpi_report();
  EXPECT_EQ(k.group_by(), "agent");
  EXPECT_EQ(k.period(), "day");
  EXPECT_EQ(k.time_zone(), "Asia/Shanghai");
  ASSERT_EQ(k.rows_size(), 2);
  EXPECT_FALSE(k.rows(0).has_first_response_avg_ms());
  EXPECT_FALSE(k.rows(0).has_satisfied_share());
  EXPECT_FALSE(k.rows(0).has_qa_average());
  EXPECT_EQ(k.rows(0).name(), "");
  EXPECT_EQ(k.rows(1).name(), "Xiao Yu 小雨");
  EXPECT_DOUBLE_EQ(k.rows(1).first_response_avg_ms(), 45'000.0);
  EXPECT_EQ(k.rows(1).first_response_p90_ms(), 60'000);
  EXPECT_DOUBLE_EQ(k.rows(1).satisfied_share(), 0.5);
  EXPECT_TRUE(k.rows(1).has_unsatisfied_share());
  EXPECT_DOUBLE_EQ(k.rows(1).unsatisfied_share(), 0.0);
  EXPECT_DOUBLE_EQ(k.rows(1).qa_average(), 85.0);
}

}  // namespace
}  // namespace fenliu::gateway
