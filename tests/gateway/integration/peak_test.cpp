// Peak mode (大促) over real sockets: a supervisor switches it with POST /api/peak and the
// router serves with the peak capacities at once; the schedule switches it inside a window;
// the bot answers first in every stage while it is on; bad callers and bodies are refused with
// the field at fault.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using namespace std::chrono_literals;
using router::stage;

gateway::server_config peak_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.agents = {make_agent("pre-1", {stage::pre_sales}, 1)};
  cfg.shop.routing.peak.capacity_factor = 2.0;
  cfg.shop.routing.peak.vip_reserved_slots = 0;
  cfg.shop.routing.peak.leave_message_on_arrival = false;
  return cfg;
}

http_reply peak_request(const test_server& srv, const std::string& method, const std::string& body,
                        const std::string& token) {
  return http_request(srv.port(), method, "/api/peak", body, "127.0.0.1",
                      token.empty() ? "" : "Bearer " + token);
}

boost::json::object json_of(const http_reply& r) {
  return boost::json::parse(r.body).as_object();
}

bool is_assigned(const v1::ServerEnvelope& e) {
  return e.has_assigned();
}

TEST(Peak, ASupervisorSwitchGivesTheRouterThePeakCapacityAtOnce) {
  temp_dir dir;
  test_server srv(peak_config(dir.path()));
  auto agent = srv.connect_agent("pre-1");
  auto first = srv.connect(srv.visitor_token("v-1"));
  ASSERT_TRUE(first.request(start_conversation(v1::STAGE_PRE_SALES, "在吗")));
  ASSERT_TRUE(first.receive_until(is_assigned));
  auto second = srv.connect(srv.visitor_token("v-2"));
  ASSERT_TRUE(second.request(start_conversation(v1::STAGE_PRE_SALES, "在吗")));
  EXPECT_FALSE(second.receive_until(is_assigned, 400ms)) << "capacity 1: the second one waits";

  const auto lead = srv.staff_token(gateway::role::supervisor, "lead-1");
  auto before = peak_request(srv, "GET", "", lead);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_FALSE(json_of(before).at("on").as_bool());

  auto on = peak_request(srv, "POST", R"({"on":true})", lead);
  ASSERT_EQ(on.status, 200) << on.body;
  auto state = json_of(on);
  EXPECT_TRUE(state.at("on").as_bool());
  EXPECT_EQ(state.at("by").as_string(), "lead-1");
  EXPECT_EQ(state.at("rules").as_object().at("capacity_factor").as_double(), 2.0);
  auto served = second.receive_until(is_assigned, 3s);
  ASSERT_TRUE(served) << "peak capacity 2: the waiting chat is offered at once";
  EXPECT_EQ(served->assigned().conversation().agent_id(), "pre-1");

  auto off = peak_request(srv, "POST", R"({"on":false})", lead);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(json_of(off).at("on").as_bool());
  auto third = srv.connect(srv.visitor_token("v-3"));
  ASSERT_TRUE(third.request(start_conversation(v1::STAGE_PRE_SALES, "在吗")));
  EXPECT_FALSE(third.receive_until(is_assigned, 400ms)) << "back to capacity 1 (two chats open)";
}

TEST(Peak, BadCallersAndBodiesAreRefusedWithTheFieldAtFault) {
  temp_dir dir;
  test_server srv(peak_config(dir.path()));
  const auto lead = srv.staff_token(gateway::role::supervisor, "lead-1");
  auto none = peak_request(srv, "POST", R"({"on":true})", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(json_of(none).at("error").as_string(), "unauthorized");
  auto agent = peak_request(srv, "POST", R"({"on":true})",
                            srv.staff_token(gateway::role::agent, "pre-1"));
  EXPECT_EQ(agent.status, 403);
  EXPECT_EQ(json_of(agent).at("error").as_string(), "forbidden");

  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"on":"yes"})", "on"}, {R"({})", "on"}, {R"({"on":true,"until":5})", "until"},
           {R"(not json)", "body"}, {R"([true])", "body"}}) {
    auto r = peak_request(srv, "POST", body, lead);
    EXPECT_EQ(r.status, 400) << body;
    auto j = json_of(r);
    EXPECT_EQ(j.at("error").as_string(), "bad_request") << body;
    EXPECT_EQ(j.at("field").as_string(), field) << body;
  }
  // Nothing was applied by the refused requests.
  EXPECT_FALSE(json_of(peak_request(srv, "GET", "", lead)).at("on").as_bool());
}

std::string local_stamp(std::chrono::system_clock::time_point t, int offset_minutes) {
  const auto local = std::chrono::floor<std::chrono::minutes>(t) +
                     std::chrono::minutes(offset_minutes);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()));
  return buf;
}

TEST(Peak, TheScheduleSwitchesItOnInsideAWindow) {
  temp_dir dir;
  auto cfg = peak_config(dir.path());
  const auto now = std::chrono::system_clock::now();
  const int offset = router::utc_offset_minutes_at(
      cfg.shop.routing, std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  gateway::peak_window w;
  w.from = local_stamp(now - std::chrono::hours(1), offset);
  w.to = local_stamp(now + std::chrono::hours(1), offset);
  auto parsed = gateway::parse_config(
      "[peak]\n[[peak.windows]]\nfrom = \"" + w.from + "\"\nto = \"" + w.to + "\"\n");
  ASSERT_EQ(parsed.shop.peak_windows.size(), 1u);
  cfg.shop.peak_windows = parsed.shop.peak_windows;
  test_server srv(std::move(cfg));
  const auto lead = srv.staff_token(gateway::role::supervisor, "lead-1");
  boost::json::object state;
  for (int i = 0; i < 100; ++i) {
    state = json_of(peak_request(srv, "GET", "", lead));
    if (state.at("on").as_bool()) {
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(state.at("on").as_bool());
  EXPECT_EQ(state.at("by").as_string(), "schedule");
  ASSERT_EQ(state.at("windows").as_array().size(), 1u);
  EXPECT_EQ(state.at("windows").as_array()[0].as_object().at("from").as_string(), w.from);
  // A supervisor may still turn it off inside the window; it stays off until the next edge.
  auto off = peak_request(srv, "POST", R"({"on":false})", lead);
  ASSERT_EQ(off.status, 200);
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(json_of(peak_request(srv, "GET", "", lead)).at("on").as_bool());
}

TEST(Peak, TheBotAnswersFirstInEveryStageWhileItIsOn) {
  temp_dir dir;
  auto cfg = peak_config(dir.path());
  cfg.shop.agents.push_back(make_agent("after-1", {stage::after_sales}, 2));
  const auto entry = [](std::string id, std::vector<std::string> examples, std::string keyword,
                         std::string zh) {
    assist::faq_entry e;
    e.id = std::move(id);
    e.stage = stage::pre_sales;
    e.examples = std::move(examples);
    e.keywords = {std::move(keyword)};
    e.answer_zh = std::move(zh);
    e.answer_en = "-";
    return e;
  };
  cfg.shop.faq = {entry("shipping_time", {"什么时候发货", "几天能发货", "多久发货"}, "发货",
                        "下单后48小时内发货。"),
                  entry("invoice", {"能开发票吗", "有发票吗", "怎么开发票"}, "发票",
                        "可以开电子发票。"),
                  entry("return_policy", {"怎么退货", "支持七天无理由吗"}, "退货",
                        "支持7天无理由退货。")};
  for (auto& m : cfg.shop.bot.mode) {
    m = assist::bot_mode::human_first;
  }
  test_server srv(std::move(cfg));
  auto agent = srv.connect_agent("after-1");
  auto before = srv.connect(srv.visitor_token("v-1"));
  auto started = before.request(start_conversation(v1::STAGE_AFTER_SALES, "能开发票吗"));
  ASSERT_TRUE(started && started->has_conversation_started());
  EXPECT_NE(started->conversation_started().conversation().state(), v1::CONVERSATION_STATE_BOT)
      << "human first outside peak mode";

  const auto lead = srv.staff_token(gateway::role::supervisor, "lead-1");
  ASSERT_EQ(peak_request(srv, "POST", R"({"on":true})", lead).status, 200);
  auto during = srv.connect(srv.visitor_token("v-2"));
  started = during.request(start_conversation(v1::STAGE_AFTER_SALES, "能开发票吗"));
  ASSERT_TRUE(started && started->has_conversation_started());
  EXPECT_EQ(started->conversation_started().conversation().state(), v1::CONVERSATION_STATE_BOT)
      << "peak.force_bot_first: the bot takes the chat first";
  auto answer = during.receive_until([](const auto& x) {
    return x.has_message() && x.message().message().content().has_bot();
  });
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->message().message().content().bot().faq_id(), "invoice");
}

}  // namespace
}  // namespace fenliu::testing
