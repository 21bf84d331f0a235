#pragma once
// The crash test's clients as plain state machines: frames in, frames out, no sockets. The
// transport (async_driver) owns the connections and calls these on its one I/O thread; the test
// thread only reads the atomics of `ledger` until the run has finished.
//
// Client behaviour follows the protocol's advice for reconnects: resume every open conversation
// from the last seq seen without a gap, then resend every unacked message with its original
// client_msg_id. Customers never give up a message; an agent gives up the messages of a
// conversation taken away from it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fenliu/v1/fenliu.pb.h"

namespace fenliu::durability {

using steady = std::chrono::steady_clock;

struct scenario {
  int conversations = 200;
  int agents = 20;
  int agent_capacity = 15;
  int messages_per_side = 12;   // each customer sends this many, and its agent(s) as many
  int window = 3;               // unacked sends in flight per customer / per agent conversation
  int min_gap_ms = 20;          // pause between two new sends of one sender in one conversation
  int max_gap_ms = 120;
  int resend_after_ms = 4000;   // an unacked send on a live connection is resent after this
  int start_spread_ms = 1000;   // customers start their conversations at random within this
  int drop_one_every_ms = 250;  // the clients close one random connection this often (0: never)
  unsigned seed = 20261122;
};

/// One message a client tried to send, and what became of it.
struct sent_message {
  std::uint64_t conversation = 0;
  std::string sender;
  std::string client_msg_id;
  std::string text;
  std::uint64_t acked_seq = 0;     // 0 until the first SendAck
  std::uint64_t observed_seq = 0;  // seen in a replay or delivery of the conversation
  bool given_up = false;
  int sends = 0;  // frames sent for it (resends included)
};

struct conversation_ledger {
  std::string customer;
  std::string owner;  // the agent holding it, as far as the clients know
  int customer_acked = 0;
  int agent_acked = 0;
  int agent_live = 0;  // agent messages created and not given up
  bool customer_synced = false;
  bool owner_synced = false;
};

enum class phase { sending, syncing, finished };

/// What the clients learned, shared by all participants. Used on the driver's thread only, except
/// the atomics, which the test thread polls.
class ledger {
 public:
  explicit ledger(scenario s) : scenario_(s) {}

  const scenario& plan() const { return scenario_; }
  void violation(std::string what);
  const std::vector<std::string>& violations() const { return violations_; }
  std::size_t violation_count() const { return violation_count_; }

  sent_message& message(const std::string& sender, const std::string& client_msg_id);
  sent_message* find(const std::string& sender, const std::string& client_msg_id);
  const std::map<std::pair<std::string, std::string>, sent_message>& messages() const {
    return messages_;
  }
  conversation_ledger& conversation(std::uint64_t id) { return conversations_[id]; }
  const std::map<std::uint64_t, conversation_ledger>& conversations() const {
    return conversations_;
  }

  /// Records the first ack of a message; checks a later ack names the same seq.
  void acked(sent_message& m, std::uint64_t seq, bool duplicate);
  /// Moves on to syncing once every conversation has its messages, and to finished once every
  /// participant has caught up.
  void update_phase();
  phase current() const { return phase_.load(); }

  std::atomic<std::uint64_t> acked_total{0};
  std::atomic<std::uint64_t> frames_sent{0};
  std::atomic<std::int64_t> outstanding{0};  // created, neither acked nor given up
  std::uint64_t duplicate_acks = 0;
  std::uint64_t resends = 0;
  std::uint64_t resumes = 0;
  std::uint64_t resumed_starts = 0;
  std::uint64_t reassigned = 0;
  std::uint64_t lost_on_restart = 0;  // agents: owned before a restart, not in the Welcome after
  std::uint64_t given_up = 0;
  std::uint64_t connections = 0;
  std::uint64_t retryable_errors = 0;

 private:
  scenario scenario_;
  std::map<std::pair<std::string, std::string>, sent_message> messages_;
  std::map<std::uint64_t, conversation_ledger> conversations_;
  std::vector<std::string> violations_;
  std::size_t violation_count_ = 0;
  std::atomic<phase> phase_{phase::sending};
};

/// The deterministic text of a message: mixed scripts and SQL metacharacters on purpose.
std::string text_for(const std::string& client_msg_id);

/// One customer or agent: state that survives reconnects, plus the current connection's.
class participant {
 public:
  using outbox = std::vector<v1::ClientEnvelope>;

  /// `start_every_connection`: a customer that sends StartConversation on every connection, as
  /// a widget reopening would, and must get its open conversation back (resumed = true).
  participant(ledger& l, bool agent, std::string id, std::string token, unsigned seed,
              bool start_every_connection = false);

  const std::string& id() const { return id_; }
  const std::string& token() const { return token_; }
  bool is_agent() const { return agent_; }

  void on_open(outbox& out, steady::time_point now);
  void on_frame(const v1::ServerEnvelope& env, outbox& out, steady::time_point now);
  void on_tick(outbox& out, steady::time_point now);
  void on_closed();

  /// Every seq this participant has seen per conversation (deliveries, replays, own acks).
  std::map<std::uint64_t, std::set<std::uint64_t>> seen() const;
  /// Conversations this participant is in now.
  std::vector<std::uint64_t> conversations() const;

 private:
  struct view {
    std::set<std::uint64_t> seen;
    std::uint64_t contiguous = 0;  // every seq 1..contiguous seen
  };
  struct pending {
    std::uint64_t conversation = 0;
    std::string client_msg_id;
    bool in_flight = false;
    steady::time_point sent_at{};
    steady::time_point retry_at{};
  };
  // Per connection: nothing is sent into a conversation before it was resumed on it.
  struct live_conversation {
    bool resumed = false;
    bool resume_in_flight = false;
    bool sync_resume = false;  // the resume in flight was sent while syncing
    bool synced = false;
    int rounds = 0;  // resumes that ended below the conversation's last seq
    steady::time_point retry_at{};
  };
  enum class request_kind { send, resume, start, set_state };
  struct request {
    request_kind kind = request_kind::send;
    std::uint64_t conversation = 0;
    std::string client_msg_id;
  };

  std::uint64_t next_request(request r);
  void record_seq(std::uint64_t conversation, std::uint64_t seq);
  void adopt(std::uint64_t conversation, bool via_welcome);
  void drop(std::uint64_t conversation);
  void on_welcome(const v1::Welcome& w, outbox& out);
  void on_ack(const request& r, const v1::SendAck& ack);
  void on_delivery(const v1::ChatMessage& m);
  void on_resume_result(const request& r, const v1::ResumeResult& res);
  void on_error(const request& r, const v1::Error& e, steady::time_point now);
  void tick_conversation(std::uint64_t id, outbox& out, steady::time_point now);
  void send_pending(pending& p, outbox& out, steady::time_point now);
  bool may_create(std::uint64_t id) const;
  void create_message(std::uint64_t id, outbox& out, steady::time_point now);
  void mark_synced(std::uint64_t id);
  steady::duration gap();

  ledger& ledger_;
  bool agent_;
  std::string id_;
  std::string token_;
  std::mt19937 rng_;

  bool start_every_connection_ = false;
  std::optional<steady::time_point> start_at_;  // a customer's first StartConversation
  std::uint64_t customer_conversation_ = 0;
  std::set<std::uint64_t> owned_;  // agents
  int customer_created_ = 0;
  std::map<std::uint64_t, int> agent_created_;
  std::map<std::uint64_t, view> views_;
  std::map<std::string, pending> pending_;  // by client_msg_id
  std::map<std::uint64_t, steady::time_point> next_new_at_;

  // The current connection.
  bool open_ = false;
  bool welcomed_ = false;
  bool start_in_flight_ = false;
  bool started_here_ = false;  // StartConversation answered on this connection
  bool state_in_flight_ = false;
  bool online_ = false;
  steady::time_point control_retry_at_{};
  std::uint64_t request_id_ = 0;
  std::map<std::uint64_t, request> requests_;
  std::map<std::uint64_t, live_conversation> live_;
};

}  // namespace fenliu::durability
