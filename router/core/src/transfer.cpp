// Moving conversations: transfers and order-state stage changes.

#include <algorithm>

#include "router_impl.hpp"

namespace fenliu::router {
using namespace detail;

// Skills are stage-specific (sizing is a pre-sales skill, refunds an after-sales one), so a
// move to another stage drops them; a transfer may name the skill the new stage needs.
void router::impl::change_stage(conv_rec& c, stage to, const std::string& reason, actions& out) {
  out.emplace_back(action::stage_changed{c.id, c.stage_, to, reason});
  c.stage_ = to;
  c.preferred = nullptr;  // a sticky agent of the old stage is no reason to wait any more
  c.required.clear();
  c.optional.clear();
  compile_requirements(c);
}

void router::impl::on(const event::transfer_requested& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  if (c == nullptr || c->phase == conversation_phase::wrap_up ||
      c->phase == conversation_phase::closed) {
    return;
  }
  agent_rec* from = c->agent;
  if (c->phase == conversation_phase::active) {
    take_back(*c, "transfer", out);
  } else if (c->phase == conversation_phase::offered) {
    withdraw_offer(*c, "transfer", out);
  }
  dequeue(*c);
  if (c->phase == conversation_phase::left_message) {
    line.drop_left_message(*c);
  }
  if (from != nullptr) {
    c->excluded.push_back(from);
    c->transferred_from = from;
  }
  c->transfer_note = ev.note;
  // The level the conversation asked for in the named skill survives the move: a chat that
  // needed refunds at level 4 still needs level 4 after a transfer to refunds.
  int level = 1;
  if (ev.target.to_skill) {
    for (const auto* list : {&c->required, &c->optional}) {
      for (const skill_level& s : *list) {
        if (s.skill == *ev.target.to_skill) {
          level = std::max(level, s.level);
        }
      }
    }
  }
  if (ev.target.to_stage && *ev.target.to_stage != c->stage_) {
    change_stage(*c, *ev.target.to_stage, "transfer", out);
  }
  if (ev.target.to_skill) {
    c->required = {skill_level{*ev.target.to_skill, level}};
    c->optional.clear();
    compile_requirements(*c);
  }
  c->preferred = nullptr;
  if (ev.target.to_agent) {
    agent_rec* p = pool.find(*ev.target.to_agent);
    if (p != nullptr && p->configured) {
      std::erase(c->excluded, p);
      c->preferred = p;
      c->preferred_sticky = false;
      c->preferred_until = now + std::max(1, config.sticky_wait_s) * ms_per_second;
    }
  }
  c->queued_at = now;
  c->ring = ring_strict;
  c->leave_message_offered = false;
  requeue(*c, true, now, out);
  if (from != nullptr) {
    drain(*from, now, out);
  }
}

void router::impl::on(const event::order_state_changed& ev, time_ms now, actions& out) {
  conv_rec* c = find_conv(ev.conversation);
  auto rule = config.order_stage_rules.find(ev.order_status);
  if (c == nullptr || rule == config.order_stage_rules.end() || rule->second == c->stage_) {
    return;
  }
  const stage to = rule->second;
  const std::string reason = "order_state:" + ev.order_status;
  switch (c->phase) {
    case conversation_phase::queued:
      dequeue(*c);
      change_stage(*c, to, reason, out);
      requeue(*c, c->key.tier == 0, now, out);
      return;
    case conversation_phase::offered: {
      agent_rec* a = c->agent;
      withdraw_offer(*c, "stage_changed", out);
      change_stage(*c, to, reason, out);
      requeue(*c, c->key.tier == 0, now, out);
      drain(*a, now, out);
      return;
    }
    case conversation_phase::active: {
      agent_rec* a = c->agent;
      change_stage(*c, to, reason, out);
      if (a->serves(to)) {
        return;  // the agent serves the new stage too: the chat stays
      }
      take_back(*c, "stage_changed", out);
      c->transferred_from = a;
      c->queued_at = now;
      c->ring = ring_strict;
      requeue(*c, true, now, out);
      drain(*a, now, out);
      return;
    }
    case conversation_phase::left_message:
      line.drop_left_message(*c);
      change_stage(*c, to, reason, out);
      line.park_left_message(*c);
      return;
    case conversation_phase::abandoned:
      change_stage(*c, to, reason, out);
      return;
    case conversation_phase::wrap_up:
    case conversation_phase::closed:
      return;
  }
}

}  // namespace fenliu::router
