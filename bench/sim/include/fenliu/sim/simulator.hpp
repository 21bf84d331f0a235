#pragma once
// Discrete-event simulation around the router core: customers arrive, wait, give up, chat and
// leave; agents work their shifts; the core decides, and its schedule_tick deadlines are
// answered with event::tick at exactly the requested simulated time. Single-threaded, no
// clock: the same scenario gives the same report.

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "fenliu/router/router.hpp"
#include "fenliu/sim/metrics.hpp"
#include "fenliu/sim/scenario.hpp"
#include "fenliu/sim/traffic.hpp"

namespace fenliu::sim {

class simulator {
 public:
  /// Keeps a reference to `s`: it must outlive the simulator.
  explicit simulator(const scenario& s);

  /// Runs the whole scenario once (arrivals, then the drain) and returns its figures.
  sim_report run();

 private:
  enum class ev_kind : std::uint8_t {
    arrival,
    patience,
    agent_reply,
    customer_message,
    close,
    leave_message,
    router_tick,
    transfer,  // a wrong-skill agent hands the chat on
    peak       // conv: 1 peak mode on, 0 off
  };
  struct sim_event {
    router::time_ms at = 0;
    std::uint64_t seq = 0;
    ev_kind kind = ev_kind::arrival;
    router::conversation_id conv = 0;
    std::uint32_t gen = 0;
  };
  struct later {
    bool operator()(const sim_event& a, const sim_event& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  /// A conversation the simulator still follows.
  struct live_conv {
    arrival a;
    router::time_ms arrived = 0;
    bool measured = false;
    int batch = 0;
    bool answered = false;
    bool gave_up = false;  // abandoned or left a message: no longer waits for an answer
    bool leave_offer_seen = false;
    bool serving = false;
    std::size_t agent = 0;
    router::time_ms active_since = 0;
    double remaining_ms = 0;
    std::uint32_t gen = 0;  // bumps when service stops: stale message/close events are ignored
    std::int64_t previous_agent = -1;
    split_stream rng;
    double mult = 1.0;             // service_model factor of the current service
    int open_at_start = 1;         // the agent's open chats at the assignment, this one included
    double handled_ms = 0;         // agent time over every service, transfers included
    bool first_agent_only = true;  // never transferred nor taken back
    bool transferred = false;
  };
  struct last_service {
    std::size_t agent = 0;
    router::time_ms at = 0;
  };

  void configure();
  void push(router::time_ms at, ev_kind kind, router::conversation_id conv = 0,
            std::uint32_t gen = 0);
  void dispatch(const sim_event& e);
  void send(const router::router_event& ev, router::time_ms now);
  router::time_ms to_ms(double s) const;

  // simulator.cpp: simulated customers and agents
  void on_arrival(router::time_ms now);
  void on_patience(live_conv& c, router::time_ms now);
  void on_agent_reply(live_conv& c, router::time_ms now);
  void on_customer_message(live_conv& c, router::time_ms now);
  void on_close(live_conv& c, router::time_ms now);
  void on_transfer(live_conv& c, router::time_ms now);
  const std::string* primary_skill(const live_conv& c) const;
  const std::string* missing_skill(const live_conv& c, std::size_t agent) const;
  double service_factor(const live_conv& c, std::size_t agent) const;
  std::vector<router::skill_level> sent_skills(const live_conv& c) const;
  router::event::conversation_requested request_for(const live_conv& c) const;

  // simulator_actions.cpp: what the router answered
  void apply(router::time_ms now);
  void on_action(const router::action::assigned& a, router::time_ms now);
  void on_action(const router::action::unassigned& a, router::time_ms now);
  void on_action(const router::action::phase_changed& a, router::time_ms now);
  void on_action(const router::action::queue_status& a, router::time_ms now);
  void on_action(const router::action::agent_state_changed& a, router::time_ms now);
  void on_action(const router::action::decision& a, router::time_ms now);
  void on_action(const router::action::schedule_tick& a, router::time_ms now);
  template <typename T>
  void on_action(const T&, router::time_ms) {}
  void first_answer(live_conv& c, std::size_t agent, const std::string& rule, router::time_ms now);
  bool skill_match(const live_conv& c, std::size_t agent) const;
  void finish_conv(router::conversation_id id);

  const scenario& scenario_;
  router::router router_;
  traffic_source traffic_;
  metrics_collector metrics_;
  std::priority_queue<sim_event, std::vector<sim_event>, later> events_;
  std::uint64_t seq_ = 0;
  std::uint32_t tick_gen_ = 0;
  std::vector<router::router_action> out_;
  std::unordered_map<router::conversation_id, live_conv> convs_;
  std::unordered_map<router::agent_id, std::size_t> agent_index_;
  std::unordered_map<std::uint64_t, last_service> served_;
  std::optional<arrival> next_arrival_;
  std::vector<int> open_;  // per agent: chats being served
  router::time_ms now_ = 0;
};

}  // namespace fenliu::sim
