#pragma once
// Measures how long each agent takes to serve a conversation, for fastest_fit: from the
// assignment to the agent's close (the start of wrap-up), with the conversation's required
// skills and the agent's open chats at the assignment. Pure: it watches the events the service
// hands the core and the actions the core answers, with the same `now`, and returns the
// event::handle_time_observed the service hands the core next. A transfer, a disconnect or an
// abandoned chat is not a finished service and teaches nothing.

#include <optional>
#include <unordered_map>
#include <vector>

#include "fenliu/router/actions.hpp"
#include "fenliu/router/events.hpp"

namespace fenliu::router {

class handle_time_tracker {
 public:
  /// Before the core handles `ev`: remembers the skills a conversation asks for.
  void on_event(const router_event& ev);
  /// For each action the core answered at `now`; a finished service gives an observation.
  std::optional<event::handle_time_observed> on_action(const router_action& a, time_ms now);

  std::size_t followed() const noexcept { return serving_.size(); }

 private:
  struct service_start {
    agent_id agent;
    time_ms at = 0;
    int open_chats = 1;
  };
  void end_service(conversation_id id);

  std::unordered_map<conversation_id, std::vector<skill_level>> skills_;
  std::unordered_map<conversation_id, service_start> serving_;
  std::unordered_map<agent_id, int> open_;  // conversations each agent serves now
};

}  // namespace fenliu::router
