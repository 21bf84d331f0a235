// /metrics over real sockets: real traffic (a bot answer, a handover, messages, a transfer, a
// malformed frame, a refused connection), then a scrape parsed line by line by the Prometheus
// text parser of Debian's python3-prometheus-client (parse_metrics.py).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "test_server.hpp"

namespace fenliu::testing {
namespace {

struct sample {
  std::string family;
  std::string type;
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Runs the Python parser over `text`; fails the test when it does not parse.
std::vector<sample> parse_with_prometheus_client(const std::string& text,
                                                 const std::filesystem::path& dir) {
  const auto file = dir / "metrics.txt";
  std::ofstream(file, std::ios::binary) << text;
  const std::string command =
      std::string(FENLIU_PYTHON3) + " " + FENLIU_PARSE_METRICS + " " + file.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  while (pipe != nullptr) {
    const auto n = std::fread(buf, 1, sizeof buf, pipe);
    if (n == 0) {
      break;
    }
    out.append(buf, n);
  }
  const int status = pipe != nullptr ? ::pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << "the exposition does not parse:\n" << out;
  std::vector<sample> samples;
  std::size_t at = 0;
  while (status == 0 && at < out.size()) {
    const auto end = out.find('\n', at);
    const auto line = out.substr(at, end - at);
    at = end == std::string::npos ? out.size() : end + 1;
    if (line.empty()) {
      continue;
    }
    const auto o = boost::json::parse(line).as_object();
    sample s;
    s.family = o.at("family").as_string().c_str();
    s.type = o.at("type").as_string().c_str();
    s.name = o.at("name").as_string().c_str();
    for (const auto& [k, v] : o.at("labels").as_object()) {
      s.labels[std::string(k)] = v.as_string().c_str();
    }
    s.value = o.at("value").to_number<double>();
    samples.push_back(std::move(s));
  }
  return samples;
}

// The value of one series; -1 when it is missing.
double value_of(const std::vector<sample>& samples, const std::string& name,
                const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : samples) {
    if (s.name == name && s.labels == labels) {
      return s.value;
    }
  }
  return -1;
}

std::string type_of(const std::vector<sample>& samples, const std::string& family) {
  for (const auto& s : samples) {
    if (s.family == family) {
      return s.type;
    }
  }
  return "";
}

gateway::server_config metrics_config(const std::filesystem::path& dir) {
  auto cfg = test_config(dir);
  cfg.shop.agents.push_back(make_agent("pre-2", {router::stage::pre_sales}, 3));
  const auto entry = [](std::string id, std::vector<std::string> examples, std::string keyword,
                        std::string zh, std::string en) {
    assist::faq_entry e;
    e.id = std::move(id);
    e.stage = router::stage::pre_sales;
    e.examples = std::move(examples);
    e.keywords = {std::move(keyword)};
    e.answer_zh = std::move(zh);
    e.answer_en = std::move(en);
    return e;
  };
  cfg.shop.faq = {
      entry("shipping_time", {"什么时候发货", "几天能发货", "多久发货"}, "发货",
            "下单后48小时内发货。", "We ship within 48 hours."),
      entry("invoice", {"能开发票吗", "有发票吗", "怎么开发票"}, "发票", "可以开电子发票。",
            "We issue e-invoices."),
      entry("return_policy", {"怎么退货", "支持七天无理由吗"}, "退货", "支持7天无理由退货。",
            "7-day no-reason returns."),
  };
  cfg.shop.bot.mode[static_cast<int>(router::stage::pre_sales)] = assist::bot_mode::bot_first;
  cfg.limits.connections_per_identity = 1;
  return cfg;
}

TEST(Metrics, AScrapeParsesAndCountsWhatTheTrafficDid) {
  temp_dir dir;
  test_server srv(metrics_config(dir.path()));
  auto pre1 = srv.connect_agent("pre-1");
  auto pre2 = srv.connect_agent("pre-2");
  auto customer = srv.connect(srv.visitor_token("v-1"));

  // The bot answers the first question, then hands over on request.
  auto started =
      customer.request(start_conversation(v1::STAGE_PRE_SALES, "亲，你们家一般下单后多久能发货呀"));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  ASSERT_TRUE(customer.receive_until(
      [](const auto& e) { return e.has_message() && e.message().message().content().has_bot(); }));
  auto ask = customer.request(send_text(id, "c-2", "转人工"));
  ASSERT_TRUE(ask && ask->has_send_ack());
  auto assigned = customer.receive_until([](const auto& e) { return e.has_assigned(); });
  ASSERT_TRUE(assigned);
  const std::string first = assigned->assigned().conversation().agent_id();
  auto& serving = first == "pre-1" ? pre1 : pre2;
  const std::string other = first == "pre-1" ? "pre-2" : "pre-1";

  auto ack = customer.request(send_text(id, "c-3", "想买XL码"));
  ASSERT_TRUE(ack && ack->has_send_ack());
  v1::ClientEnvelope transfer;
  transfer.mutable_transfer()->set_conversation_id(id);
  transfer.mutable_transfer()->mutable_target()->set_agent_id(other);
  auto moved = serving.request(transfer);
  ASSERT_TRUE(moved && moved->has_ok());
  auto& target = first == "pre-1" ? pre2 : pre1;
  ASSERT_TRUE(target.receive_until([](const auto& e) { return e.has_assigned(); }));

  // A frame that is no envelope: an Error, the connection stays.
  customer.send_binary(std::string("\xff\xff\xff", 3));
  auto error = customer.receive_until([](const auto& e) { return e.has_error(); });
  ASSERT_TRUE(error);
  // A second connection of the buyer is refused (connections_per_identity = 1) with 4102.
  ws_client extra;
  connect_options opts;
  opts.port = srv.port();
  opts.token = srv.visitor_token("v-1");
  ASSERT_TRUE(extra.connect(opts).ok);
  EXPECT_EQ(extra.wait_for_close(), 4102);

  const auto reply = http_request(srv.port(), "GET", "/metrics");
  ASSERT_EQ(reply.status, 200);
  EXPECT_NE(reply.content_type.find("text/plain"), std::string::npos);
  EXPECT_NE(reply.content_type.find("version=0.0.4"), std::string::npos);
  const auto m = parse_with_prometheus_client(reply.body, dir.path());
  ASSERT_FALSE(m.empty());

  // Every family, with the type it is documented with (the parser drops counters' _total).
  const std::map<std::string, std::string> families{
      {"fenliu_connections", "gauge"},
      {"fenliu_frames_in", "counter"},
      {"fenliu_frames_out", "counter"},
      {"fenliu_messages_stored", "counter"},
      {"fenliu_ack_latency_seconds", "histogram"},
      {"fenliu_queue_length", "gauge"},
      {"fenliu_queue_oldest_wait_seconds", "gauge"},
      {"fenliu_active_conversations", "gauge"},
      {"fenliu_routing_decisions", "counter"},
      {"fenliu_assignments", "counter"},
      {"fenliu_transfers", "counter"},
      {"fenliu_store_batch_size", "histogram"},
      {"fenliu_store_commit_seconds", "histogram"},
      {"fenliu_slow_consumer_closes", "counter"},
      {"fenliu_errors", "counter"},
      {"fenliu_closes", "counter"},
      {"fenliu_bot_answers", "counter"},
      {"fenliu_bot_handovers", "counter"},
      {"fenliu_risk_alerts", "counter"},
  };
  for (const auto& [family, type] : families) {
    EXPECT_EQ(type_of(m, family), type) << family;
  }

  EXPECT_EQ(value_of(m, "fenliu_connections", {{"role", "agent"}}), 2);
  EXPECT_EQ(value_of(m, "fenliu_connections", {{"role", "customer"}}), 1);
  EXPECT_EQ(value_of(m, "fenliu_connections", {{"role", "supervisor"}}), 0);
  EXPECT_GE(value_of(m, "fenliu_frames_in_total", {{"type", "send_message"}}), 2);
  EXPECT_GE(value_of(m, "fenliu_frames_in_total", {{"type", "start_conversation"}}), 1);
  EXPECT_GE(value_of(m, "fenliu_frames_in_total", {{"type", "transfer"}}), 1);
  EXPECT_GE(value_of(m, "fenliu_frames_in_total", {{"type", "set_agent_state"}}), 2);
  EXPECT_GE(value_of(m, "fenliu_frames_in_total", {{"type", "unknown"}}), 1);
  EXPECT_GE(value_of(m, "fenliu_frames_out_total", {{"type", "welcome"}}), 3);
  EXPECT_GE(value_of(m, "fenliu_frames_out_total", {{"type", "send_ack"}}), 2);
  EXPECT_GE(value_of(m, "fenliu_frames_out_total", {{"type", "assigned"}}), 3);
  EXPECT_GE(value_of(m, "fenliu_frames_out_total", {{"type", "error"}}), 1);
  // The first text, the bot's answer, 转人工, the bot's handover notice, c-3.
  EXPECT_GE(value_of(m, "fenliu_messages_stored_total"), 5);

  const double acks = value_of(m, "fenliu_ack_latency_seconds_count");
  EXPECT_GE(acks, 2);
  EXPECT_EQ(value_of(m, "fenliu_ack_latency_seconds_bucket", {{"le", "+Inf"}}), acks);
  EXPECT_GT(value_of(m, "fenliu_ack_latency_seconds_sum"), 0);
  EXPECT_GE(value_of(m, "fenliu_ack_latency_seconds_bucket", {{"le", "0.001"}}), 0);
  const double batches = value_of(m, "fenliu_store_batch_size_count");
  EXPECT_GE(batches, 1);
  EXPECT_EQ(value_of(m, "fenliu_store_batch_size_bucket", {{"le", "+Inf"}}), batches);
  EXPECT_GE(value_of(m, "fenliu_store_batch_size_sum"), 5) << "at least the five messages";
  // The writer keeps committing while the scrape reads: each histogram is consistent in itself.
  const double commits = value_of(m, "fenliu_store_commit_seconds_count");
  EXPECT_GE(commits, 1);
  EXPECT_EQ(value_of(m, "fenliu_store_commit_seconds_bucket", {{"le", "+Inf"}}), commits);

  EXPECT_EQ(value_of(m, "fenliu_queue_length", {{"stage", "pre_sales"}}), 0);
  EXPECT_EQ(value_of(m, "fenliu_queue_oldest_wait_seconds", {{"stage", "after_sales"}}), 0);
  EXPECT_EQ(value_of(m, "fenliu_active_conversations", {{"stage", "pre_sales"}}), 1);
  double decisions = 0;
  for (const auto& s : m) {
    decisions += s.name == "fenliu_routing_decisions_total" ? s.value : 0;
  }
  EXPECT_GE(decisions, 2);
  EXPECT_GE(value_of(m, "fenliu_routing_decisions_total", {{"rule", "transfer_agent"}}), 1);
  EXPECT_GE(value_of(m, "fenliu_assignments_total"), 2) << "the handover and the transfer";
  EXPECT_EQ(value_of(m, "fenliu_transfers_total"), 1);
  EXPECT_EQ(value_of(m, "fenliu_slow_consumer_closes_total"), 0);
  EXPECT_GE(value_of(m, "fenliu_errors_total", {{"code", "malformed"}}), 1);
  EXPECT_EQ(value_of(m, "fenliu_errors_total", {{"code", "conflict"}}), 0);
  EXPECT_EQ(value_of(m, "fenliu_closes_total", {{"code", "too_many_connections"}}), 1);
  EXPECT_EQ(value_of(m, "fenliu_closes_total", {{"code", "slow_consumer"}}), 0);
  EXPECT_GE(value_of(m, "fenliu_bot_answers_total", {{"outcome", "answered"}}), 1)
      << value_of(m, "fenliu_bot_answers_total", {{"outcome", "greeting"}}) << " greetings, "
      << value_of(m, "fenliu_bot_answers_total", {{"outcome", "unanswered"}}) << " unanswered";
  EXPECT_GE(value_of(m, "fenliu_bot_answers_total", {{"outcome", "handover"}}), 1);
  EXPECT_GE(value_of(m, "fenliu_bot_handovers_total"), 1);
  EXPECT_EQ(value_of(m, "fenliu_risk_alerts_total"), 0);
}

}  // namespace
}  // namespace fenliu::testing
