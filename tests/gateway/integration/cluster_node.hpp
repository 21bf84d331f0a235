#pragma once
// fenliu cluster nodes as child processes for the cluster tests: one config file, log and
// port each, on the PostgreSQL CTest starts (FENLIU_TEST_PG_DSN), and clients for them.

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

#include "gateway/auth/auth.hpp"
#include "redis_process.hpp"
#include "test_server.hpp"

namespace fenliu::testing::cluster_nodes {

using namespace std::chrono_literals;

constexpr const char* shop = "cluster-shop";

inline std::string dsn() {
  const char* d = std::getenv("FENLIU_TEST_PG_DSN");
  return d != nullptr ? d : "";
}


/// The status of GET `target`, 0 when nothing listens.
inline int status_of(std::uint16_t port, const std::string& target) {
  try {
    return http_request(port, "GET", target).status;
  } catch (const std::exception&) {
    return 0;
  }
}

/// One fenliu process with its own config file and log.
class node {
 public:
  /// `redis_port` > 0: the node relays clients to the owner while it does not own the shop.
  node(const temp_dir& dir, std::string id, std::string schema, int redis_port = 0)
      : id_(std::move(id)), port_(free_loopback_port()), config_(dir.path() / (id_ + ".toml")),
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
        << (redis_port > 0 ? "redis = \"127.0.0.1:" + std::to_string(redis_port) +
                                 "\"\nheartbeat_ms = 500\n"
                           : std::string())
        << "[shop]\nid = \"" << shop << "\"\nname = \"Cluster shop\"\n"
        << "[[agents]]\nid = \"pre-1\"\nname = \"Pre One\"\nstages = [\"pre_sales\"]\n"
        << "capacity = 5\nalways_on = true\n"
        << "[[agents]]\nid = \"pre-2\"\nname = \"Pre Two\"\nstages = [\"pre_sales\"]\n"
        << "capacity = 2\nalways_on = true\n"
        << "[[agents]]\nid = \"sup-1\"\nname = \"Sup One\"\nsupervisor = true\n"
        << "stages = [\"after_sales\"]\ncapacity = 1\n";
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

inline gateway::auth_config auth() {
  gateway::auth_config a;
  a.jwt_secret = node::jwt_secret;
  a.visitor_secret = node::visitor_secret;
  return a;
}

/// Connects and waits for the Welcome. A relay node closes with 1001 until it has heard the
/// owner (and a client is told to retry then), so this retries as a client would, for 30 s.
inline ws_client connect_to(const node& n, const std::string& token) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  for (;;) {
    ws_client c;
    connect_options o;
    o.port = n.port();
    o.token = token;
    if (c.connect(o).ok && c.receive_until([](const auto& e) { return e.has_welcome(); })) {
      return c;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "no Welcome from the node on port " << n.port() << "; last close "
                    << c.close_code();
      return c;
    }
    std::this_thread::sleep_for(100ms);
  }
}

inline ws_client customer_on(const node& n, const std::string& visitor = "v-1") {
  return connect_to(n, gateway::mint_visitor_token(auth(), visitor, shop, unix_now_s()));
}

/// An agent (pre-1, capacity 5, or pre-2, capacity 2), online.
inline ws_client agent_on(const node& n, const std::string& agent = "pre-1") {
  auto c = connect_to(n, gateway::mint_staff_token(auth(), gateway::role::agent, agent, shop,
                                                   unix_now_s(), 3600));
  auto ok = c.request(set_state(v1::AGENT_STATE_ONLINE));
  EXPECT_TRUE(ok && ok->has_ok());
  return c;
}

/// Every message of the conversation from a resume at 0: (seq, text) in the order received.
inline std::vector<std::pair<std::uint64_t, std::string>> transcript(ws_client& c, std::uint64_t id) {
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

inline std::string schema_for(const temp_dir& dir) {
  std::string s = "cl_" + dir.path().filename().string();
  for (auto& ch : s) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      ch = '_';
    }
  }
  return s;
}

using testing::redis_process;

}  // namespace fenliu::testing::cluster_nodes
