#include "test_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

namespace fenliu::testing {

temp_dir::temp_dir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("fenliu-test-" + std::to_string(rd()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

router::agent_profile make_agent(const std::string& id, std::vector<router::stage> stages,
                                 int capacity, std::vector<router::skill_level> skills) {
  router::agent_profile a;
  a.id = id;
  a.display_name = id;
  a.stages = std::move(stages);
  a.capacity = capacity;
  a.skills = std::move(skills);
  a.shifts.always_on = true;
  return a;
}

gateway::server_config test_config(const std::filesystem::path& data_dir) {
  gateway::server_config c;
  c.listen_address = "127.0.0.1";
  c.port = 0;
  c.io_threads = 2;
  c.web_root = FENLIU_SOURCE_DIR "/web";
  c.store.data_dir = data_dir.string();
  c.limits.rate_per_s = 1000;
  c.limits.rate_burst = 1000;
  c.limits.shutdown_drain_ms = 1000;
  // Entries match scheme, host and port exactly; the handshake tests use port 8080 besides the
  // default ones.
  c.auth.allowed_origins = {"http://127.0.0.1", "http://localhost", "http://127.0.0.1:8080"};
  c.shop.agents = {make_agent("pre-1", {router::stage::pre_sales}, 3),
                   make_agent("in-1", {router::stage::in_sale}, 3),
                   make_agent("after-1", {router::stage::after_sales}, 3)};
  c.shop.qa_users = {{"qa-1", "QA"}};
  return c;
}

test_server::test_server(gateway::server_config config) {
  // FENLIU_LOG=debug shows the server's decisions while a test runs.
  static const bool log_level_set = [] {
    const char* level = std::getenv("FENLIU_LOG");
    spdlog::set_level(level ? spdlog::level::from_str(level) : spdlog::level::warn);
    return true;
  }();
  (void)log_level_set;
  server_ = std::make_unique<gateway::server>(std::move(config));
  port_ = server_->start();
}

test_server::~test_server() { stop(); }

void test_server::stop() {
  if (server_) {
    server_->stop();
    server_->wait();
    server_.reset();
  }
}

void test_server::begin_stop() {
  if (server_) {
    server_->stop();
  }
}

ws_client test_server::connect_slow_reader(const std::string& visitor) const {
  ws_client client;
  connect_options o;
  o.port = port_;
  o.token = visitor_token(visitor);
  o.receive_buffer_bytes = 4096;
  EXPECT_TRUE(client.connect(o).ok);
  return client;
}

bool test_server::wait_for_metric(const std::string& sample,
                                  std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    const auto reply = http_request(port_, "GET", "/metrics");
    if (reply.status == 200 && ("\n" + reply.body).find("\n" + sample + "\n") != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

bool test_server::wait_for_metric_above_zero(const std::string& name,
                                            std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string line_start = "\n" + name + " ";
  do {
    const auto reply = http_request(port_, "GET", "/metrics");
    const std::string body = "\n" + reply.body;
    const auto at = body.find(line_start);
    if (reply.status == 200 && at != std::string::npos &&
        std::stod(body.substr(at + line_start.size())) > 0) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

std::int64_t unix_now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string test_server::staff_token(gateway::role r, const std::string& subject,
                                     std::int64_t ttl_s) const {
  return gateway::mint_staff_token(config().auth, r, subject, config().shop.id, unix_now_s(),
                                   ttl_s);
}

std::string test_server::visitor_token(const std::string& visitor) const {
  return gateway::mint_visitor_token(config().auth, visitor, config().shop.id, unix_now_s());
}

ws_client test_server::connect(const std::string& token, const std::string& origin) const {
  ws_client client;
  connect_options options;
  options.port = port_;
  options.token = token;
  options.origin = origin;
  auto result = client.connect(options);
  EXPECT_TRUE(result.ok) << "status " << result.http_status << " " << result.error;
  auto welcome = client.receive();
  EXPECT_TRUE(welcome && welcome->has_welcome());
  return client;
}

ws_client test_server::connect_agent(const std::string& agent_id) const {
  auto client = connect(staff_token(gateway::role::agent, agent_id));
  auto reply = client.request(set_state(v1::AGENT_STATE_ONLINE));
  EXPECT_TRUE(reply && reply->has_ok());
  return client;
}

v1::ClientEnvelope ping() {
  v1::ClientEnvelope env;
  env.mutable_ping()->set_client_time_ms(1);
  return env;
}

v1::ClientEnvelope start_conversation(v1::Stage stage, const std::string& first_text) {
  v1::ClientEnvelope env;
  auto* s = env.mutable_start_conversation();
  s->set_requested_stage(stage);
  if (!first_text.empty()) {
    s->set_first_text(first_text);
    s->set_client_msg_id("first");
  }
  return env;
}

v1::ClientEnvelope send_text(std::uint64_t conversation, const std::string& client_msg_id,
                             const std::string& text) {
  v1::ClientEnvelope env;
  auto* m = env.mutable_send_message();
  m->set_conversation_id(conversation);
  m->set_client_msg_id(client_msg_id);
  m->mutable_content()->set_text(text);
  return env;
}

v1::ClientEnvelope set_state(v1::AgentState state) {
  v1::ClientEnvelope env;
  env.mutable_set_agent_state()->set_state(state);
  return env;
}

}  // namespace fenliu::testing
