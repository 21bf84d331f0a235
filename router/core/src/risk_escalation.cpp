// Complaint risk: a flagged conversation is shown to supervisors and, as the shop configured,
// moved to agents who handle complaints and/or to the head of its queue.

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

namespace {

bool holds_all(const std::vector<skill_level>& have, const std::vector<skill_level>& need) {
  for (const auto& n : need) {
    bool found = false;
    for (const auto& h : have) {
      found = found || (h.skill == n.skill && h.level >= n.level);
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

}  // namespace

void router::impl::on(const event::risk_escalated& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase == conversation_phase::closed) {
    return;
  }
  out.emplace_back(
      action::supervisor_alert{"complaint_risk", c->id, c->stage_, ev.text, ev.triggers, ev.risk});
  decision_record rec{c->id, now, "complaint_risk", {}, std::nullopt};
  if (c->phase == conversation_phase::wrap_up || c->phase == conversation_phase::abandoned) {
    decide(std::move(rec), out);  // alert only: nobody is waiting to be served
    return;
  }
  const bool move = ev.reroute && (ev.to_stage != c->stage_ ||
                                   !holds_all(c->required, ev.required_skills));
  agent_rec* agent = c->agent;
  // An agent who already serves the target stage with the needed skills keeps the buyer: a
  // change of hands would make an angry buyer wait again.
  const bool keep = agent != nullptr &&
                    (!move || (agent->serves(ev.to_stage) &&
                               holds_all(agent->profile.skills, ev.required_skills)));
  if (keep) {
    rec.winner = agent->profile.id;
    decide(std::move(rec), out);
    return;
  }
  decide(std::move(rec), out);
  if (c->phase == conversation_phase::active) {
    take_back(*c, "complaint_risk", out);
    c->transferred_from = agent;
  } else if (c->phase == conversation_phase::offered) {
    withdraw_offer(*c, "complaint_risk", out);
  }
  dequeue(*c);
  if (c->phase == conversation_phase::left_message) {
    line.drop_left_message(*c);
  }
  if (move) {
    if (ev.to_stage != c->stage_) {
      change_stage(*c, ev.to_stage, "complaint_risk", out);
    }
    for (const auto& s : ev.required_skills) {
      if (!holds_all(c->required, {s})) {
        c->required.push_back(s);
      }
    }
    compile_requirements(*c);
  }
  if (ev.raise_priority) {
    c->priority = std::max(c->priority, 2);
  }
  c->ring = ring_strict;
  c->leave_message_offered = false;
  requeue(*c, ev.raise_priority || agent != nullptr, now, out);
  if (agent != nullptr) {
    drain(*agent, now, out);
  }
}

}  // namespace fenliu::router
