#pragma once
// Outputs of the router core. The service carries them out: frames to sessions, rows to the
// store, timers for schedule_tick.

#include <variant>

#include "fenliu/router/types.hpp"

namespace fenliu::router {

/// Why a decision went the way it did: kept for supervisors and replay.
/// Rules: assignments "least_load" | "round_robin" | "most_skilled" (stage policy), "sticky",
/// "transfer_agent", "relaxed_skills", "overflow", "queue_order" (an agent pulled the head of
/// the queue); no winner: "queued", "sticky_wait", "sticky_wait_expired",
/// "transfer_wait_expired", "no_agent_on_shift", "alert", "leave_message_offered",
/// "offer_declined", "offer_timeout", "response_deadline", "shift_end", "agent_disconnected".
/// Candidates list at most router_config::decision_max_candidates rejected agents.
struct decision_candidate {
  agent_id agent;
  std::string rejected_because;  // empty for the winner
};
struct decision_record {
  conversation_id conversation = 0;
  time_ms at = 0;
  std::string rule;  // e.g. "least_load", "sticky", "relaxed_skills", "overflow", "queued"
  std::vector<decision_candidate> candidates;
  std::optional<agent_id> winner;
};

enum class conversation_phase : std::uint8_t {
  queued, offered, active, wrap_up, closed, left_message, abandoned
};

namespace action {

/// Manual accept: the agent is offered the conversation until `expires_at`.
struct offer { conversation_id conversation = 0; agent_id agent; time_ms expires_at = 0; std::string rule; };
/// Withdraw an offer (timeout, customer left, taken back).
struct offer_revoked { conversation_id conversation = 0; agent_id agent; std::string reason; };
/// The conversation is now served by `agent` (auto-accept or an accepted offer, or a transfer).
struct assigned {
  conversation_id conversation = 0;
  customer_id customer;
  agent_id agent;
  stage stage_ = stage::pre_sales;
  std::string rule;
  std::string transfer_note;
  std::optional<agent_id> previous_agent;
};
/// The agent no longer serves the conversation (transfer, response deadline, disconnect).
struct unassigned { conversation_id conversation = 0; agent_id agent; std::string reason; };
/// Position (1 = next) and estimated wait for a queued conversation. Ephemeral.
struct queue_status {
  conversation_id conversation = 0;
  customer_id customer;
  stage stage_ = stage::pre_sales;
  int position = 0;
  int eta_s = 0;
  bool waiting_for_previous_agent = false;
  bool leave_message_offered = false;
  /// Nobody of the stage is online (connected, on shift, state online): the ETA cannot come
  /// true, so leave-a-message is offered at once; cleared when an agent comes online.
  bool no_agents_online = false;
};
struct stage_changed { conversation_id conversation = 0; stage from; stage to; std::string reason; };
/// Lifecycle change to persist and show.
struct phase_changed { conversation_id conversation = 0; conversation_phase phase; };
struct agent_state_changed {
  agent_id agent;
  agent_state state;
  std::string reason;
  int load = 0;
  int capacity = 0;
};
struct supervisor_alert {
  std::string kind;
  conversation_id conversation = 0;
  stage stage_;
  std::string text;
  std::vector<std::string> triggers = {};  // complaint_risk only
  double risk = 0;                    // complaint_risk only
  agent_id agent = {};                // missed_offers, response_deadline: the agent concerned
};
struct decision { decision_record record; };
/// Call handle(event::tick{}, t) at or after `at`. Only the earliest pending tick matters.
struct schedule_tick { time_ms at = 0; };

}  // namespace action

using router_action =
    std::variant<action::offer, action::offer_revoked, action::assigned, action::unassigned,
                 action::queue_status, action::stage_changed, action::phase_changed,
                 action::agent_state_changed, action::supervisor_alert, action::decision,
                 action::schedule_tick>;

}  // namespace fenliu::router
