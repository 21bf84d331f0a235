#pragma once
// One connection of the relay and echo scenarios. A customer peer has one conversation, an
// agent peer the conversations assigned to it; either sends to them in turn, at most `window`
// unacked. In echo mode the server sends every frame back: the echo is both ack and delivery.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "fenliu/v1/fenliu.pb.h"
#include "runner.hpp"
#include "ws_connection.hpp"

namespace fenliu::load {

/// Counters the scenario reads from its orchestrating worker.
struct relay_shared {
  std::atomic<int> opened{0};
  std::atomic<int> closed{0};
  std::atomic<int> agents_online{0};
  std::atomic<int> customers_assigned{0};
  std::atomic<int> agent_assignments{0};
  std::atomic<std::int64_t> in_flight{0};
};

class relay_peer final : public frame_handler {
 public:
  enum class kind { customer, agent, echo };

  relay_peer(runner& r, worker& w, relay_shared& shared, kind k, std::string tag);

  void start(const connect_target& target);
  void stop();
  /// Sends one message if the window allows; false when it does not (or nothing to send to).
  bool try_send();
  /// When set, every ack frees the window slot and sends again at once (no pacing).
  void set_refill(bool refill) { refill_ = refill; }
  bool is_agent() const { return kind_ == kind::agent; }
  std::size_t conversations() const { return conversations_.size(); }

  void on_open() override;
  void on_frame(std::string_view bytes) override;
  void on_closed(int close_code, std::string_view error) override;

 private:
  void on_server_frame(std::string_view bytes);
  void on_echo(std::string_view bytes);
  void on_sent_done();
  void back_off(std::uint32_t retry_after_ms);

  runner& r_;
  worker& w_;
  relay_shared& shared_;
  kind kind_;
  std::string tag_;
  std::shared_ptr<ws_connection> conn_;
  std::vector<std::uint64_t> conversations_;
  std::size_t next_conversation_ = 0;
  int in_flight_ = 0;
  bool refill_ = false;
  bool opened_ = false;
  bool closed_ = false;
  // After OVERLOADED with a retry hint this peer sends nothing until the hint has passed, as a
  // well-behaved client would; without that, the unpaced step turns pushback into a storm of
  // refused sends that costs the server more than the messages themselves.
  bool backing_off_ = false;
  std::uint64_t seq_ = 0;
  std::uint64_t next_request_ = 100;
  std::string text_;
  v1::ServerEnvelope env_;
  v1::ClientEnvelope echoed_;
};

}  // namespace fenliu::load
