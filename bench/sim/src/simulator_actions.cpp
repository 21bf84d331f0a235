// What the router answered: assignments start service, take-backs stop it, phases end a
// conversation, agent changes feed utilisation, deadlines become tick events.

#include <algorithm>
#include <cmath>

#include "fenliu/sim/simulator.hpp"

namespace fenliu::sim {

using router::time_ms;
namespace act = router::action;

void simulator::apply(time_ms now) {
  for (const auto& a : out_) {
    std::visit([&](const auto& x) { on_action(x, now); }, a);
  }
}

void simulator::on_action(const act::assigned& a, time_ms now) {
  auto it = convs_.find(a.conversation);
  if (it == convs_.end()) {
    return;
  }
  live_conv& c = it->second;
  const std::size_t agent = agent_index_.at(a.agent);
  if (c.measured) {
    metrics_.assignment_rule(a.rule);
  }
  const bool served_before = c.answered;
  if (!c.answered && !c.gave_up) {
    first_answer(c, agent, a.rule, now);
  }
  if (served_before && agent != c.agent) {
    c.first_agent_only = false;
  }
  c.serving = true;
  c.agent = agent;
  c.active_since = now;
  ++c.gen;
  c.open_at_start = ++open_[agent];
  if (scenario_.customers.return_share > 0) {
    served_[c.a.customer] = {agent, now};  // only returning buyers need it: bounded memory
  }
  c.mult = 1.0;
  if (scenario_.service.enabled) {
    if (missing_skill(c, agent) != nullptr) {
      if (c.measured && !c.transferred) {
        metrics_.transfer();
      }
      c.transferred = true;
      push(now + static_cast<time_ms>(std::llround(scenario_.service.transfer_cost_s * 1000.0)),
           ev_kind::transfer, c.a.id, c.gen);
      return;
    }
    c.mult = service_factor(c, agent);
  }
  push(now + static_cast<time_ms>(std::ceil(c.remaining_ms * c.mult)), ev_kind::close, c.a.id,
       c.gen);
  if (scenario_.messages.enabled) {
    const double reply = scenario_.messages.agent_reply.sample(c.rng);
    push(now + static_cast<time_ms>(std::llround(reply * 1000.0)), ev_kind::agent_reply, c.a.id,
         c.gen);
  }
}

void simulator::first_answer(live_conv& c, std::size_t agent, const std::string& rule,
                             time_ms now) {
  c.answered = true;
  if (!c.measured) {
    return;
  }
  metrics_.answered(c.batch, now - c.arrived, skill_match(c, agent), rule, c.a.priority);
  if (c.previous_agent >= 0) {
    metrics_.sticky(static_cast<std::size_t>(c.previous_agent) == agent);
  }
}

// Against the original requirements, even when the request was sent without them.
bool simulator::skill_match(const live_conv& c, std::size_t agent) const {
  const stage_traffic& t = scenario_.traffic[c.a.traffic];
  if (t.mixes.empty()) {
    return true;
  }
  const auto& held = scenario_.agents[agent].skills;
  return std::all_of(t.mixes[c.a.mix].required.begin(), t.mixes[c.a.mix].required.end(),
                     [&](const router::skill_level& need) {
                       return std::any_of(held.begin(), held.end(), [&](const auto& h) {
                         return h.skill == need.skill && h.level >= need.level;
                       });
                     });
}

// Service stops; the core re-queues the conversation and its handling time resumes with the
// next agent.
void simulator::on_action(const act::unassigned& a, time_ms now) {
  auto it = convs_.find(a.conversation);
  if (it == convs_.end()) {
    return;
  }
  live_conv& c = it->second;
  if (c.serving) {
    const auto elapsed = static_cast<double>(now - c.active_since);
    c.remaining_ms = std::max(0.0, c.remaining_ms - elapsed / c.mult);
    c.handled_ms += elapsed;
    --open_[c.agent];
  }
  c.serving = false;
  ++c.gen;
  if (c.measured) {
    metrics_.unassigned(a.reason);
  }
}

void simulator::on_action(const act::phase_changed& a, time_ms) {
  auto it = convs_.find(a.conversation);
  if (it == convs_.end()) {
    return;
  }
  live_conv& c = it->second;
  const bool waiting = !c.answered && !c.gave_up;
  switch (a.phase) {
    case router::conversation_phase::abandoned:
      if (waiting) {
        c.gave_up = true;
        if (c.measured) {
          metrics_.abandoned(c.batch);
        }
      }
      return;
    case router::conversation_phase::left_message:
      if (waiting) {
        c.gave_up = true;
        if (c.measured) {
          metrics_.left_message(c.batch);
        }
      }
      return;
    case router::conversation_phase::closed:
      finish_conv(a.conversation);
      return;
    default:
      return;
  }
}

void simulator::finish_conv(router::conversation_id id) {
  convs_.erase(id);
}

// The core offers leave-a-message at max_wait_s; some customers take it.
void simulator::on_action(const act::queue_status& a, time_ms now) {
  if (!a.leave_message_offered) {
    return;
  }
  auto it = convs_.find(a.conversation);
  if (it == convs_.end()) {
    return;
  }
  live_conv& c = it->second;
  if (c.leave_offer_seen || c.answered || c.gave_up) {
    return;
  }
  c.leave_offer_seen = true;
  if (bernoulli(c.rng, scenario_.customers.leave_message_accept)) {
    push(now, ev_kind::leave_message, c.a.id);
  }
}

void simulator::on_action(const act::agent_state_changed& a, time_ms now) {
  auto it = agent_index_.find(a.agent);
  if (it == agent_index_.end()) {
    return;
  }
  metrics_.agent_load(it->second, a.load, now);
  if (a.reason == "shift_start") {
    metrics_.agent_shift(it->second, true, now);
  } else if (a.reason == "shift_end") {
    metrics_.agent_shift(it->second, false, now);
  }
}

void simulator::on_action(const act::decision& a, time_ms) {
  auto it = convs_.find(a.record.conversation);
  if (it != convs_.end() && it->second.measured) {
    metrics_.decision_rule(a.record.rule, a.record.winner.has_value());
  }
}

// Only the latest request matters: earlier tick events become stale.
void simulator::on_action(const act::schedule_tick& a, time_ms now) {
  ++tick_gen_;
  push(std::max(a.at, now), ev_kind::router_tick, 0, tick_gen_);
}

}  // namespace fenliu::sim
