// Structured logs over real traffic: with [log] format = "json" and level = "debug", every line
// parses as a JSON object with ts, level and msg, frames and HTTP requests carry their ids, and
// nothing a buyer typed (a phone number, an address, a pasted token, a left message's contact)
// nor any token of a URL reaches the log.
#include <gtest/gtest.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "gateway/log/logging.hpp"
#include "test_server.hpp"

namespace fenliu::testing {
namespace {

// Puts spdlog back as the other tests expect it (stderr, the level before) however this test
// ends.
struct restore_default_logger {
  spdlog::level::level_enum level = spdlog::get_level();
  ~restore_default_logger() {
    auto logger = std::make_shared<spdlog::logger>(
        "", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    spdlog::set_default_logger(std::move(logger));
    spdlog::set_level(level);
  }
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(Logs, JsonLinesCarryIdsAndNeverWhatBuyersTypedOrTokens) {
  temp_dir dir;
  const auto log_file = dir.path() / "fenliu.log";
  restore_default_logger restore;
  gateway::configure_logging({"json", "debug", log_file.string()});

  test_server srv(test_config(dir.path() / "data"));
  spdlog::set_level(spdlog::level::debug);  // test_server sets the level of the first server
  const std::string phone = "13812345678";
  const std::string address = "上海市浦东新区世纪大道100号";
  const std::string contact = "微信 wx_buyer_778 或 +86 139-0000-1111";
  const std::string staff_token = srv.staff_token(gateway::role::agent, "pre-1");
  const std::string visitor_token = srv.visitor_token("v-logs");

  // No agent is connected: the chat waits, and the buyer leaves a message.
  auto customer = srv.connect(visitor_token);
  auto started = customer.request(
      start_conversation(v1::STAGE_PRE_SALES, "我的电话 " + phone + "，地址 " + address));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  auto ack = customer.request(
      send_text(id, "c-2", "token " + staff_token + " 电话+86" + phone + " 送到" + address));
  ASSERT_TRUE(ack && ack->has_send_ack());
  v1::ClientEnvelope leave;
  leave.mutable_leave_message()->set_conversation_id(id);
  leave.mutable_leave_message()->set_text("请回电 " + phone);
  leave.mutable_leave_message()->set_contact(contact);
  auto left = customer.request(leave);
  ASSERT_TRUE(left);
  // A refused frame and an error reply are logged too, with their request_id.
  customer.send_binary(std::string("\xff\xff", 2));
  ASSERT_TRUE(customer.receive_until([](const auto& e) { return e.has_error(); }));

  // Tokens in URLs: the agent's upgrade, a refused upgrade, an HTTP request with a query.
  auto agent = srv.connect_agent("pre-1");
  ws_client refused;
  connect_options bad;
  bad.port = srv.port();
  bad.token = staff_token + "x";
  EXPECT_FALSE(refused.connect(bad).ok);
  EXPECT_EQ(http_request(srv.port(), "GET", "/healthz?token=" + visitor_token).status, 200);
  EXPECT_EQ(
      http_request(srv.port(), "GET", "/api/token-check", "", "127.0.0.1", "Bearer " + staff_token)
          .status,
      200);
  agent.close();
  customer.close();
  srv.stop();
  spdlog::default_logger()->flush();

  const auto text = read_file(log_file);
  ASSERT_FALSE(text.empty());
  for (const std::string& secret :
       {phone, address, std::string("世纪大道"), contact, std::string("wx_buyer_778"),
        std::string("139-0000-1111"), staff_token, visitor_token,
        staff_token.substr(staff_token.rfind('.') + 1)}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the log holds '" << secret << "'";
  }

  int lines = 0;
  int frame_lines = 0;
  int http_lines = 0;
  std::set<std::int64_t> http_ids;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    ++lines;
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << "not JSON: " << line;
    ASSERT_TRUE(v.is_object()) << line;
    const auto& o = v.as_object();
    ASSERT_TRUE(o.contains("ts") && o.at("ts").is_string()) << line;
    ASSERT_TRUE(o.contains("level") && o.at("level").is_string()) << line;
    ASSERT_TRUE(o.contains("msg") && o.at("msg").is_string()) << line;
    const std::string msg(o.at("msg").as_string());
    if (msg.starts_with("frame ")) {
      ++frame_lines;
      EXPECT_TRUE(o.contains("request_id") && o.contains("conn")) << line;
      EXPECT_EQ(o.at("kind"), "ws") << line;
      EXPECT_TRUE(o.contains("role") && o.contains("shop")) << line;
      EXPECT_TRUE(o.contains("type")) << line;
    }
    if (o.contains("kind") && o.at("kind") == "http") {
      ++http_lines;
      ASSERT_TRUE(o.contains("request_id")) << line;
      http_ids.insert(o.at("request_id").as_int64());
    }
  }
  EXPECT_GT(lines, 5);
  EXPECT_GE(frame_lines, 4) << "start, send, leave, the bad frame";
  EXPECT_GE(http_lines, 3);
  EXPECT_EQ(http_ids.size(), static_cast<std::size_t>(http_lines)) << "one id per request";
  EXPECT_NE(text.find("\"type\":\"send_message\""), std::string::npos);
  EXPECT_NE(text.find("\"type\":\"leave_message\""), std::string::npos);
  EXPECT_NE(text.find("\"msg\":\"http upgrade path=/ws session="), std::string::npos)
      << "an accepted upgrade names the session its frames are logged with";
  EXPECT_NE(text.find("\"msg\":\"http upgrade refused path=/ws status=401\""), std::string::npos);
}

TEST(Logs, RedactionMasksPhoneNumbersAndTokensAsASafetyNet) {
  EXPECT_EQ(gateway::redact("call 13812345678 now"), "call [phone] now");
  EXPECT_EQ(gateway::redact("+8613812345678"), "+[phone]");
  EXPECT_EQ(gateway::redact("conversation=12 seq=4"), "conversation=12 seq=4");
  EXPECT_EQ(gateway::redact("at 1764650000000"), "at 1764650000000") << "13 digits: a time";
  EXPECT_EQ(gateway::redact("t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmUtMSJ9.c2lnbmF0dXJl x"),
            "t=[token] x");
}

}  // namespace
}  // namespace fenliu::testing
