#pragma once
// Starts the real server in-process on a free loopback port with a fresh data directory.

#include <filesystem>
#include <memory>
#include <string>

#include "gateway/auth/auth.hpp"
#include "gateway/server.hpp"
#include "ws_client.hpp"

namespace fenliu::testing {

/// A fresh, unique directory under the system temp dir, removed by the destructor.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A small shop: agents for each stage, always on shift, generous limits; tests tighten what they
/// exercise.
gateway::server_config test_config(const std::filesystem::path& data_dir);

router::agent_profile make_agent(const std::string& id, std::vector<router::stage> stages,
                                 int capacity,
                                 std::vector<router::skill_level> skills = {});

class test_server {
 public:
  explicit test_server(gateway::server_config config);
  ~test_server();

  std::uint16_t port() const { return port_; }
  const gateway::server_config& config() const { return server_->config(); }
  void stop();
  /// Starts the graceful shutdown (as SIGTERM does) and returns at once; stop() waits for it.
  void begin_stop();

  std::string staff_token(gateway::role r, const std::string& subject,
                          std::int64_t ttl_s = 3600) const;
  std::string visitor_token(const std::string& visitor) const;

  /// Connects and reads the Welcome frame; fails the test if either does not happen.
  ws_client connect(const std::string& token, const std::string& origin = "") const;
  /// Connects an agent, reads Welcome and sets it online.
  ws_client connect_agent(const std::string& agent_id) const;
  /// Connects a visitor with a 4 KiB socket receive buffer (Welcome left unread): a client
  /// that stops reading fills the server's writes quickly.
  ws_client connect_slow_reader(const std::string& visitor) const;
  /// Polls /metrics until it holds the line `sample` (name, labels and value, e.g.
  /// "fenliu_slow_consumer_closes_total 1"); false when it did not within `timeout`. For what
  /// the server decides on its own, without a client reading anything.
  bool wait_for_metric(const std::string& sample, std::chrono::milliseconds timeout) const;
  /// Polls /metrics until the unlabelled sample `name` is above zero; false when it was not
  /// within `timeout`.
  bool wait_for_metric_above_zero(const std::string& name,
                                  std::chrono::milliseconds timeout) const;

 private:
  std::unique_ptr<gateway::server> server_;
  std::uint16_t port_ = 0;
};

std::int64_t unix_now_s();

/// Envelope builders.
v1::ClientEnvelope ping();
v1::ClientEnvelope start_conversation(v1::Stage stage = v1::STAGE_UNSPECIFIED,
                                      const std::string& first_text = "");
v1::ClientEnvelope send_text(std::uint64_t conversation, const std::string& client_msg_id,
                             const std::string& text);
v1::ClientEnvelope set_state(v1::AgentState state);

}  // namespace fenliu::testing
