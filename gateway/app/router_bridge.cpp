#include "gateway/app/router_bridge.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "gateway/app/alerts.hpp"
#include "gateway/app/handlers.hpp"


namespace fenliu::gateway {
namespace {

store::conversation_state to_store(router::conversation_phase p) {
  switch (p) {
    case router::conversation_phase::queued:
      return store::conversation_state::queued;
    case router::conversation_phase::offered:
      return store::conversation_state::offered;
    case router::conversation_phase::active:
      return store::conversation_state::active;
    case router::conversation_phase::wrap_up:
      return store::conversation_state::wrap_up;
    case router::conversation_phase::closed:
      return store::conversation_state::closed;
    case router::conversation_phase::left_message:
      return store::conversation_state::left_message;
    case router::conversation_phase::abandoned:
      return store::conversation_state::abandoned;
  }
  return store::conversation_state::queued;
}

}  // namespace

void router_bridge::operator()(const router::router_action& action) {
  if (!std::holds_alternative<router::action::schedule_tick>(action) &&
      !std::holds_alternative<router::action::decision>(action)) {
    svc_.board_dirty.store(true, std::memory_order_relaxed);
  }
  std::visit([this](const auto& a) { on(a); }, action);
}

std::string router_bridge::display_name(const std::string& agent) const {
  const auto shop = svc_.live.get();
  for (const auto& a : shop->agents) {
    if (a.id == agent) {
      return a.display_name;
    }
  }
  return agent;
}

void router_bridge::persist(store::conversation_id id, store::callback<bool> done) {
  auto c = svc_.hub.conversation(id);
  if (!c) {
    return;
  }
  store::conversation_record rec;
  rec.id = id;
  rec.stage = to_store_stage(c->stage);
  rec.state = c->state;
  rec.agent_id = c->agent;
  rec.queued_at = c->created_at;
  rec.updated_at = now_ms();
  if (auto ec = svc_.store.update_conversation(rec, std::move(done))) {
    spdlog::warn("conversation {}: state not persisted: {}", id, ec.message());
  }
}

// After a restart the buyers of restored conversations have no cached record: the Offer or
// Assigned goes out at once without it, and the record follows as a CustomerProfile push.
void router_bridge::push_record_later(const conversation_entry& c, const std::string& agent) {
  svc_.customers.load(svc_.store, c.customer, [&svc = svc_, id = c.id, agent](record_ptr rec) {
    if (rec) {
      svc.hub.send_to(agent, encode_customer_profile(0, *rec, id));
    }
  });
}

void router_bridge::on(const router::action::offer& a) {
  svc_.hub.update(a.conversation, [](conversation_entry& c) {
    c.state = store::conversation_state::offered;
  });
  auto c = svc_.hub.conversation(a.conversation);
  if (!c) {
    return;
  }
  auto info = info_of(*c);
  svc_.orders.describe_entry(info);
  const auto rec = svc_.customers.find(c->customer);
  svc_.hub.send_to(a.agent, encode_offer(info, a.expires_at, a.rule, rec.get()));
  if (!rec) {
    push_record_later(*c, a.agent);
  }
}

void router_bridge::on(const router::action::offer_revoked& a) {
  svc_.hub.send_to(a.agent, encode_offer_revoked(a.conversation, a.reason));
}

void router_bridge::on(const router::action::assigned& a) {
  const bool known = svc_.hub.update(a.conversation, [&](conversation_entry& c) {
    c.agent = a.agent;
    c.stage = a.stage_;
    c.state = store::conversation_state::active;
    if (!a.transfer_note.empty()) {
      c.transfer_note = a.transfer_note;
    }
  });
  if (!known) {
    return;
  }
  svc_.metrics.assignment();
  auto c = *svc_.hub.conversation(a.conversation);
  persist(a.conversation);
  handlers::remember_transfer_note(svc_, a.conversation, a.transfer_note);
  auto info = info_of(c);
  svc_.orders.describe_entry(info);
  const auto name = display_name(a.agent);
  svc_.hub.send_to(c.customer, encode_assigned(info, name, {}));
  // A person has it now: the bot stops, and hands over what it learnt (once, staff only).
  svc_.bot.step_aside(a.conversation);
  double risk = 0;
  const auto summary = svc_.bot.take_summary(a.conversation, &risk);
  const auto rec = svc_.customers.find(c.customer);
  const auto staff_frame = encode_assigned(info, name, a.transfer_note,  // the note: staff only
                                           summary ? &*summary : nullptr, risk, rec.get());
  svc_.hub.send_to(a.agent, staff_frame);
  if (a.previous_agent && *a.previous_agent != a.agent) {
    svc_.hub.send_to(*a.previous_agent, staff_frame);
  }
  if (!rec) {
    push_record_later(c, a.agent);
  }
  // Remember who served this buyer, for sticky routing next time (the row's tags and name
  // stay as they are).
  (void)svc_.store.record_served(c.customer, svc_.config.shop.id, a.agent, now_ms());
}

void router_bridge::on(const router::action::unassigned& a) {
  std::string requeued_customer;
  svc_.hub.update(a.conversation, [&](conversation_entry& c) {
    if (c.agent == a.agent) {
      c.agent.clear();
      c.state = store::conversation_state::queued;
      requeued_customer = c.customer;
    }
  });
  persist(a.conversation);
  const auto frame = encode_unassigned(a.conversation, a.reason);
  svc_.hub.send_to(a.agent, frame);
  if (!requeued_customer.empty()) {
    // The buyer's chat is back in the queue (the agent's grace ran out, a deadline passed):
    // the widget stops naming the agent and shows 排队中 until the next Assigned.
    svc_.hub.send_to(requeued_customer, frame);
  }
}

void router_bridge::on(const router::action::queue_status& a) {
  svc_.hub.send_to(a.customer, encode_queue_status(a), delivery_class::ephemeral);
}

void router_bridge::on(const router::action::stage_changed& a) {
  svc_.hub.update(a.conversation, [&](conversation_entry& c) { c.stage = a.to; });
  persist(a.conversation);
  svc_.hub.fan_out(a.conversation, encode_stage_changed(a), false, nullptr);
}

void router_bridge::on(const router::action::phase_changed& a) {
  const auto state = to_store(a.phase);
  store::conversation_state before = state;
  svc_.hub.update(a.conversation, [&](conversation_entry& c) {
    before = c.state;
    c.state = state;
  });
  if (state == store::conversation_state::closed) {
    // Once the close is stored, QA's lists refresh with it.
    persist(a.conversation, [&svc = svc_](std::error_code ec, bool) {
      if (!ec) {
        handlers::refresh_qa_samples(svc);
      }
    });
  } else {
    persist(a.conversation);
  }
  // For the customer the conversation ends when the agent closes it (wrap-up is the agent's
  // time); tell them once, whether or not a wrap-up phase comes first.
  const bool ended_now = state == store::conversation_state::wrap_up ||
                         (state == store::conversation_state::closed &&
                          before != store::conversation_state::wrap_up);
  if (state == store::conversation_state::left_message) {
    // Nobody can take it now: the customer may leave a message, served first next shift.
    if (auto c = svc_.hub.conversation(a.conversation)) {
      svc_.bot.standby(a.conversation, c->stage, c->order_id);
      router::action::queue_status offered;
      offered.conversation = a.conversation;
      offered.stage_ = c->stage;
      offered.leave_message_offered = true;
      svc_.hub.send_to(c->customer, encode_queue_status(offered));
    }
  }
  if (ended_now) {
    if (auto c = svc_.hub.conversation(a.conversation)) {
      svc_.hub.fan_out(a.conversation, encode_conversation_closed(a.conversation, c->agent, true),
                       false, nullptr);
    }
  }
  if (state == store::conversation_state::closed) {
    // Closed conversations live on in the store only (history, rating, QA).
    if (auto c = svc_.hub.conversation(a.conversation)) {
      svc_.customers.forget(c->customer);
    }
    svc_.hub.erase_conversation(a.conversation);
    svc_.bot.forget(a.conversation);
  }
}

void router_bridge::on(const router::action::agent_state_changed& a) {
  auto frame = encode_agent_state_changed(a);
  svc_.hub.send_to(a.agent, frame);
  svc_.hub.send_to_board(frame);
}

void router_bridge::on(const router::action::supervisor_alert& a) {
  raise_alert(svc_, a);
}

void router_bridge::on(const router::action::decision& a) {
  const auto& r = a.record;
  svc_.metrics.decision(r.rule);
  boost::json::array candidates;
  for (const auto& c : r.candidates) {
    candidates.push_back({{"agent", c.agent}, {"rejected_because", c.rejected_because}});
  }
  store::decision_row row{r.conversation, r.at, r.rule, r.winner.value_or(""),
                          boost::json::serialize(candidates)};
  spdlog::debug("decision conversation={} rule={} winner={} candidates={}", r.conversation, r.rule,
                row.winner, r.candidates.size());
  (void)svc_.store.record_decision(std::move(row));
}

}  // namespace fenliu::gateway
