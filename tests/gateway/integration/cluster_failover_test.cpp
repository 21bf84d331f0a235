// Two fenliu processes ([cluster]) on one PostgreSQL schema, real WebSocket clients: the node
// that owns the shop's lease serves, the other stands by. kill -9 of the owner hands the shop
// to the standby with the next epoch and every acked message survives exactly once; an owner
// paused past its lease (SIGSTOP) and woken after the takeover (SIGCONT) stores nothing more
// and stops (exit 75).

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fenliu/store/postgres_lease.hpp"
#include "gateway/auth/auth.hpp"
#include "test_server.hpp"

namespace fenliu::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* shop = "cluster-shop";

std::string dsn() {
  const char* d = std::getenv("FENLIU_TEST_PG_DSN");
  return d != nullptr ? d : "";
}

std::uint16_t free_port() {
  // Two processes need their ports before they start: the kernel picks one, then it is freed.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// The status of GET `target`, 0 when nothing listens.
int status_of(std::uint16_t port, const std::string& target) {
  try {
    return http_request(port, "GET", target).status;
  } catch (const std::exception&) {
    return 0;
  }
}

/// One fenliu process with its own config file and log.
class node {
 public:
  node(const temp_dir& dir, std::string id, std::string schema)
      : id_(std::move(id)), port_(free_port()), config_(dir.path() / (id_ + ".toml")),
        log_(dir.path() / (id_ + ".log")) {
    std::ofstream out(config_);
    out << "[server]\nlisten = \"127.0.0.1\"\nport = " << port_ << "\nio_threads = 1\n"
        << "web_root = \"" << FENLIU_WEB_ROOT << "\"\n"
        << "[auth]\njwt_secret = \"" << jwt_secret << "\"\nvisitor_secret = \"" << visitor_secret
        << "\"\nallow_missing_origin = true\n"
        << "[store]\nbackend = \"postgres\"\npostgres_dsn = \"" << dsn() << "\"\n"
        << "postgres_schema = \"" << schema << "\"\ndata_dir = \""
        << (dir.path() / (id_ + "-data")).string() << "\"\nbatch_delay_us = 0\n"
        << "[cluster]\nnode_id = \"" << id_ << "\"\nlease_ttl_ms = 1500\nrenew_interval_ms = 300\n"
        << "[shop]\nid = \"" << shop << "\"\nname = \"Cluster shop\"\n"
        << "[[agents]]\nid = \"pre-1\"\nname = \"Pre One\"\nstages = [\"pre_sales\"]\n"
        << "capacity = 5\nalways_on = true\n";
  }
  ~node() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(FENLIU_BINARY, FENLIU_BINARY, "--config", config_.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  void signal(int sig) const { ::kill(pid_, sig); }
  /// The exit status, or -1 when it did not exit within `timeout`.
  int wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }
  void kill9() {
    signal(SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  bool wait_ready(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (status_of(port_, "/readyz") == 200) {
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  bool log_has(const std::string& text, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(log_);
      std::stringstream all;
      all << in.rdbuf();
      if (all.str().find(text) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  std::uint16_t port() const { return port_; }
  std::string log() const {
    std::ifstream in(log_);
    std::stringstream all;
    all << in.rdbuf();
    return all.str();
  }

  static constexpr const char* jwt_secret = "cluster-test-jwt-secret-0123456789";
  static constexpr const char* visitor_secret = "cluster-test-visitor-secret-0123456789";

 private:
  std::string id_;
  std::uint16_t port_;
  std::filesystem::path config_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

gateway::auth_config auth() {
  gateway::auth_config a;
  a.jwt_secret = node::jwt_secret;
  a.visitor_secret = node::visitor_secret;
  return a;
}

ws_client connect_to(const node& n, const std::string& token) {
  ws_client c;
  connect_options o;
  o.port = n.port();
  o.token = token;
  EXPECT_TRUE(c.connect(o).ok);
  EXPECT_TRUE(c.receive_until([](const auto& e) { return e.has_welcome(); }));
  return c;
}

ws_client customer_on(const node& n) {
  return connect_to(n, gateway::mint_visitor_token(auth(), "v-1", shop, unix_now_s()));
}

ws_client agent_on(const node& n) {
  auto c = connect_to(n, gateway::mint_staff_token(auth(), gateway::role::agent, "pre-1", shop,
                                                   unix_now_s(), 3600));
  auto ok = c.request(set_state(v1::AGENT_STATE_ONLINE));
  EXPECT_TRUE(ok && ok->has_ok());
  return c;
}

/// Every message of the conversation from a resume at 0: (seq, text) in the order received.
std::vector<std::pair<std::uint64_t, std::string>> transcript(ws_client& c, std::uint64_t id) {
  v1::ClientEnvelope resume;
  resume.mutable_resume()->set_conversation_id(id);
  resume.mutable_resume()->set_last_seq(0);
  c.send(resume);
  std::vector<std::pair<std::uint64_t, std::string>> got;
  const auto done = c.receive_until(
      [&](const v1::ServerEnvelope& e) {
        if (e.has_message()) {
          got.emplace_back(e.message().message().seq(), e.message().message().content().text());
        }
        return e.has_resume_result() && !e.resume_result().more();
      },
      20s);
  EXPECT_TRUE(done);
  return got;
}

std::string schema_for(const temp_dir& dir) {
  std::string s = "cl_" + dir.path().filename().string();
  for (auto& ch : s) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      ch = '_';
    }
  }
  return s;
}

/// node-a owns the shop and serves; node-b stands by (started second, on the same schema).
class ClusterFailover : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dsn().empty()) << "run through ctest: it starts PostgreSQL";
    a_ = std::make_unique<node>(dir, "node-a", schema);
    b_ = std::make_unique<node>(dir, "node-b", schema);
    a_->start();
    ASSERT_TRUE(a_->wait_ready(60s)) << a_->log();
    b_->start();
    ASSERT_TRUE(b_->log_has("stands by", 30s)) << b_->log();
  }

  temp_dir dir;
  const std::string schema = schema_for(dir);
  std::unique_ptr<node> a_;
  std::unique_ptr<node> b_;
};

TEST_F(ClusterFailover, KillingTheOwnerHandsTheShopToTheStandbyWithEveryAckedMessageOnce) {
  node& a = *a_;
  node& b = *b_;
  EXPECT_NE(status_of(b.port(), "/readyz"), 200) << "a standby does not serve";
  store::postgres_lease lease(dsn(), schema);
  const auto before = lease.inspect(shop);
  EXPECT_EQ(before.owner, "node-a");

  std::uint64_t id = 0;
  {
    auto agent = agent_on(a);
    auto customer = customer_on(a);
    auto started = customer.request(start_conversation(v1::STAGE_PRE_SALES));
    ASSERT_TRUE(started && started->has_conversation_started());
    id = started->conversation_started().conversation().conversation_id();
    ASSERT_TRUE(agent.receive_until([](const auto& e) { return e.has_assigned(); }));
    for (int i = 1; i <= 5; ++i) {
      auto ack = customer.request(send_text(id, "c-" + std::to_string(i), "m-" + std::to_string(i)));
      ASSERT_TRUE(ack && ack->has_send_ack()) << i;
      EXPECT_EQ(ack->send_ack().seq(), static_cast<std::uint64_t>(i));
    }
    a.kill9();
  }

  // Within the lease TTL and a renew interval (bounded here by polls, not asserted as time).
  ASSERT_TRUE(b.wait_ready(60s)) << b.log();
  const auto after = lease.inspect(shop);
  EXPECT_EQ(after.owner, "node-b");
  EXPECT_EQ(after.epoch, before.epoch + 1);

  auto agent = agent_on(b);
  auto customer = customer_on(b);
  const auto got = transcript(customer, id);
  ASSERT_EQ(got.size(), 5u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, i + 1);
    EXPECT_EQ(got[i].second, "m-" + std::to_string(i + 1));
  }
  // The client's resend of an acked message is a duplicate; the next one continues the seq,
  // and the rebuilt router still has the agent on the conversation.
  auto dup = customer.request(send_text(id, "c-5", "m-5"));
  ASSERT_TRUE(dup && dup->has_send_ack());
  EXPECT_TRUE(dup->send_ack().duplicate());
  EXPECT_EQ(dup->send_ack().seq(), 5u);
  auto next = customer.request(send_text(id, "c-6", "m-6"));
  ASSERT_TRUE(next && next->has_send_ack());
  EXPECT_EQ(next->send_ack().seq(), 6u);
  EXPECT_TRUE(agent.receive_until(
      [](const auto& e) { return e.has_message() && e.message().message().seq() == 6u; }));

  // A clean stop releases the lease at once.
  b.signal(SIGTERM);
  EXPECT_EQ(b.wait_exit(30s), 0) << b.log();
  EXPECT_LE(lease.inspect(shop).remaining_ms, 0);
}

TEST_F(ClusterFailover, AnOwnerPausedPastItsLeaseStoresNothingAfterTheTakeoverAndStops) {
  node& a = *a_;
  node& b = *b_;

  auto agent_a = agent_on(a);
  auto on_a = customer_on(a);
  auto started = on_a.request(start_conversation(v1::STAGE_PRE_SALES));
  ASSERT_TRUE(started && started->has_conversation_started());
  const auto id = started->conversation_started().conversation().conversation_id();
  auto one = on_a.request(send_text(id, "c-1", "one"));
  ASSERT_TRUE(one && one->has_send_ack());

  a.signal(SIGSTOP);
  ASSERT_TRUE(b.wait_ready(60s)) << b.log();
  auto on_b = customer_on(b);
  auto two = on_b.request(send_text(id, "c-2", "two"));
  ASSERT_TRUE(two && two->has_send_ack());
  EXPECT_EQ(two->send_ack().seq(), 2u);

  // Sent to the paused owner; it reads the frame when it wakes, after node-b took over.
  on_a.send(send_text(id, "c-3", "three"));
  a.signal(SIGCONT);
  EXPECT_EQ(a.wait_exit(60s), 75) << "it saw the lease gone and stopped\n" << a.log();
  // Whatever node-a answered before it went, it was never an ack.
  for (;;) {
    auto e = on_a.receive(2s);
    if (!e) {
      break;
    }
    EXPECT_FALSE(e->has_send_ack()) << "the paused owner acked a write after the takeover";
  }

  store::postgres_lease lease(dsn(), schema);
  EXPECT_EQ(lease.inspect(shop).owner, "node-b");
  const auto got = transcript(on_b, id);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].second, "one");
  EXPECT_EQ(got[1].second, "two");
}

}  // namespace
}  // namespace fenliu::testing
