#pragma once
// The routing state machine: handle(event, now) -> actions. Single-threaded by contract: the
// service calls it from one strand only. Deterministic: same events and times, same actions.

#include <memory>
#include <vector>

#include "fenliu/router/actions.hpp"
#include "fenliu/router/events.hpp"

namespace fenliu::router {

/// Read-only views for the supervisor board and tests.
struct agent_view {
  agent_id id;
  std::string display_name;
  agent_state state = agent_state::offline;
  int load = 0;  // open conversations (offered + active + wrap-up)
  int capacity = 0;
  std::vector<stage> stages;
  bool on_shift = false;
  std::vector<conversation_id> conversations;  // offered, active and in wrap-up, ascending
};
struct stage_view {
  stage stage_ = stage::pre_sales;
  int queued = 0;
  int active = 0;
  int longest_wait_s = 0;
  /// Over floor_policy::service_level_window_s: waits that ended (answered or abandoned), and
  /// of them those answered within the target. No ended wait: service level unknown.
  int waits_ended = 0;
  int answered_in_target = 0;
  int arrivals = 0;  // conversations that arrived in the same window
};
struct conversation_view {
  conversation_id conversation = 0;
  customer_id customer;
  stage stage_ = stage::pre_sales;
  conversation_phase phase = conversation_phase::queued;
  std::optional<agent_id> agent;
  time_ms arrived_at = 0;  // when it first asked for a person
};

class router {
 public:
  router();
  ~router();
  router(const router&) = delete;
  router& operator=(const router&) = delete;

  /// Applies one event at time `now` and appends the resulting actions to `out` (not cleared).
  /// Deadlines that passed before `now` are applied first, so a late tick changes nothing.
  /// `now` should not go backwards. Must run on the router strand; allocation-light.
  void handle(const router_event& ev, time_ms now, std::vector<router_action>& out);

  /// Convenience for tests.
  std::vector<router_action> handle(const router_event& ev, time_ms now) {
    std::vector<router_action> out;
    handle(ev, now, out);
    return out;
  }

  /// Recomputes every queued conversation's position and ETA now, appending queue_status only
  /// for those that changed (handle() does this itself, throttled by queue_status_interval_ms).
  void sweep_queue_status(time_ms now, std::vector<router_action>& out);

  /// Views walk every agent / queued conversation: for the board, not for hot paths.
  std::vector<agent_view> agents(time_ms now) const;
  std::vector<stage_view> stages(time_ms now) const;
  std::optional<conversation_view> conversation(conversation_id id) const;
  /// Every open conversation the router holds (queued, offered, active, wrap-up, abandoned
  /// within its return grace), ascending by id.
  std::vector<conversation_view> conversations() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace fenliu::router
