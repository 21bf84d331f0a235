#pragma once
// Inputs to the router core. Each is a plain value; the service posts them in arrival order.

#include <variant>

#include "fenliu/router/types.hpp"

namespace fenliu::router {

namespace event {

/// Replaces the whole configuration (start-up and hot reload). Agents not listed are removed
/// once they have no conversations.
struct configure {
  router_config config;
  std::vector<agent_profile> agents;
};

struct agent_connected { agent_id agent; };
/// The agent's last connection closed: its conversations are held for the disconnect grace.
struct agent_disconnected { agent_id agent; };
struct agent_state_set { agent_id agent; agent_state state; std::string by; };

/// A customer asks for service (after classification and the bot). `previous_agent` with
/// `previous_served_at` enables sticky routing.
struct conversation_requested {
  conversation_id conversation = 0;
  customer_id customer;
  stage stage_ = stage::pre_sales;
  std::vector<skill_level> required_skills;
  std::vector<skill_level> optional_skills;
  int priority = 0;  // higher is served first (VIP = 1)
  std::optional<agent_id> previous_agent;
  time_ms previous_served_at = 0;
};

/// Rebuild after restart: the conversation waited since `queued_at` (keeps its old order).
/// Waiting ones are offered from the next tick, so a batch restored at one `now` is served in
/// its old order; an `active_agent` who is not connected gets the disconnect grace.
struct conversation_restored {
  conversation_requested request;
  time_ms queued_at = 0;
  std::optional<agent_id> active_agent;  // set: active, waiting for the agent's reconnect
  /// The customer had left a message: it waits for the next shift start, or, with agents of
  /// the stage on shift now, goes to the head of the queue (served first, as at a shift start).
  bool left_message = false;
};

/// Only a queued (or offered) conversation is abandoned; it keeps its place if the customer
/// returns within queue_return_grace_s. An active chat stays with its agent.
struct customer_left { conversation_id conversation = 0; };
struct customer_returned { conversation_id conversation = 0; };
struct customer_chose_leave_message { conversation_id conversation = 0; };

struct offer_accepted { conversation_id conversation = 0; agent_id agent; };
struct offer_declined { conversation_id conversation = 0; agent_id agent; };

/// Customer sent a message: the conversation now waits on the agent (response deadline). The
/// deadline runs from the first message not yet followed by agent_replied.
struct customer_messaged { conversation_id conversation = 0; };
/// Agent replied: the conversation now waits on the customer.
struct agent_replied { conversation_id conversation = 0; agent_id agent; };
/// The agent marked the conversation as waiting on logistics (lighter load weight).
struct awaiting_logistics { conversation_id conversation = 0; };

struct conversation_closed { conversation_id conversation = 0; std::string by; };

struct transfer_target {
  std::optional<stage> to_stage;
  std::optional<std::string> to_skill;
  std::optional<agent_id> to_agent;
};
/// Moving to another stage drops the conversation's stage-specific skills unless `to_skill`
/// names one; a named agent who is busy is waited for up to sticky_wait_s. The conversation
/// goes to the head of the target queue and never back to the transferring agent.
struct transfer_requested {
  conversation_id conversation = 0;
  transfer_target target;
  std::string note;
  std::string by;
};

/// The order behind a conversation changed state (paid, shipped, refund_open, ...). The stage
/// comes from router_config::order_stage_rules; an active chat stays with an agent who also
/// serves the new stage, otherwise it is re-queued at the head of the new stage.
struct order_state_changed { conversation_id conversation = 0; std::string order_status; };

/// The complaint-risk scorer flagged the conversation. Supervisors are alerted; with
/// `reroute` it moves to `to_stage` and must be served by an agent holding `required_skills`
/// (an agent who already serves it and holds them keeps it); with `raise_priority` it goes to
/// the head of its queue. Either way a decision record with rule "complaint_risk" says so.
struct risk_escalated {
  conversation_id conversation = 0;
  bool reroute = false;
  stage to_stage = stage::after_sales;
  std::vector<skill_level> required_skills;
  bool raise_priority = false;
  std::string text;  // the alert's human-readable text
  std::vector<std::string> triggers;  // passed through to the alert
  double risk = 0;                    // conversation risk in [0, 1], passed through
};

/// A finished service: `agent` handled a conversation needing `skills` (the required ones;
/// the most demanding is the one learnt) in `seconds` of handling while it had `open_chats`
/// conversations open (this one included) at the start. The service measures it (assignment
/// to close, minus wrap-up) and passes it in; the core learns per-agent per-skill speeds for
/// fastest_fit. Unknown or unconfigured agents and non-positive times are ignored.
struct handle_time_observed {
  agent_id agent;
  std::vector<skill_level> skills;
  double seconds = 0;
  int open_chats = 1;
};

/// Peak mode (大促) on or off, by a schedule or a supervisor (`by`). See peak_policy.
struct peak_mode_set {
  bool on = false;
  std::string by;
};

/// A deadline the core asked for (schedule_tick) has come. Spurious ticks are harmless.
struct tick {};

}  // namespace event

using router_event = std::variant<event::configure, event::agent_connected,
                                  event::agent_disconnected, event::agent_state_set,
                                  event::conversation_requested, event::conversation_restored,
                                  event::customer_left, event::customer_returned,
                                  event::customer_chose_leave_message, event::offer_accepted,
                                  event::offer_declined, event::customer_messaged,
                                  event::agent_replied, event::awaiting_logistics,
                                  event::conversation_closed, event::transfer_requested,
                                  event::order_state_changed, event::risk_escalated,
                                  event::tick, event::handle_time_observed,
                                  event::peak_mode_set>;

}  // namespace fenliu::router
